import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { type Logger, ObservabilityModule } from '@trygg/observability';
import { ENROLMENT_API, type EnrolmentApi } from './application/enrolment-api';
import { FEEDBACK_SINK, type FeedbackSink } from './application/feedback';
import { NOTIFICATIONS_API, type NotificationsApi } from './application/notifications-api';
import type { WebConfig } from './config';
import { FixedWindowRateLimiter } from './domain/rate-limit';
import { type BrandedMunicipality, loadBrandedMunicipalities } from './infrastructure/branded-municipalities';
import { HttpEnrolmentApi } from './infrastructure/http-enrolment-api';
import { HttpNotificationsApi } from './infrastructure/http-notifications-api';
import { SmtpFeedbackSink } from './infrastructure/smtp-feedback-sink';
import { ACCESSIBILITY_OPTIONS, AccessibilityController } from './http/accessibility.controller';
import { ActivityCheckController } from './http/activity-check.controller';
import { ContactPersonController } from './http/contact-person.controller';
import { AssetsController, STYLESHEET } from './http/assets.controller';
import { CsrfTokens } from './http/csrf';
import { FallbackController } from './http/fallback.controller';
import { CsrfMiddleware, LanguageMiddleware, RateLimitMiddleware, securityHeaders, WEB_OPTIONS, type WebOptions } from './http/middleware';
import { Pages } from './http/pages';
import { MUNICIPALITIES } from './http/params';
import { PreferencesController, SelfServicePreferencesController } from './http/preferences.controller';
import { ResidentController } from './http/resident.controller';
import { SelfServiceController } from './http/self-service.controller';
import { StaffController } from './http/staff.controller';
import { Views } from './http/views';

/** When this statement of accessibility was last reviewed; change it when the pages or the tests change. */
const STATEMENT_DATE = '2026-11-26';

/** The compiled stylesheet next to the compiled code (dist/services/web/assets/app.css), if built. */
function loadStylesheet(): string | undefined {
  const file = join(__dirname, '..', 'assets', 'app.css');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export interface WebAdapters {
  enrolment?: EnrolmentApi;
  notifications?: NotificationsApi;
  feedback?: FeedbackSink;
  municipalities?: Map<string, BrandedMunicipality>;
}

/** Registered after the health endpoints, so its catch-all route does not hide them. */
@Module({})
class FallbackModule {
  static forRoot(pages: Pages): DynamicModule {
    return { module: FallbackModule, controllers: [FallbackController], providers: [{ provide: Pages, useValue: pages }] };
  }
}

/**
 * The web front: server-rendered pages for residents and coordinators. It owns no domain data (no database, no
 * Kafka): every page is a view of the enrolment service's HTTP API (and, for "Dina utskick", of the notifications service's
 * internal preferences API). Its own state is a CSRF cookie and a
 * language cookie.
 */
@Module({})
export class WebModule implements NestModule {
  static forRoot(config: WebConfig, logger: Logger, adapters: WebAdapters = {}): DynamicModule {
    const municipalities = adapters.municipalities ?? loadBrandedMunicipalities();
    const stylesheet = loadStylesheet();
    const assetVersion = stylesheet ? createHash('sha256').update(stylesheet).digest('hex').slice(0, 10) : 'dev';
    const pages = new Pages(new Views(), assetVersion);
    const options: WebOptions = { cookieSecure: config.COOKIE_SECURE, staffDevGuard: config.STAFF_DEV_GUARD === 'allow' };
    if (options.staffDevGuard) logger.warn('STAFF_DEV_GUARD=allow: the coordinator pages are open without sign-in (development only)');
    return {
      module: WebModule,
      imports: [ObservabilityModule.forRoot({ logger, readinessChecks: [] }), FallbackModule.forRoot(pages)],
      controllers: [AssetsController, ResidentController, ActivityCheckController, SelfServiceController, SelfServicePreferencesController, PreferencesController, ContactPersonController, AccessibilityController, StaffController],
      providers: [
        { provide: Pages, useValue: pages },
        { provide: MUNICIPALITIES, useValue: municipalities },
        { provide: STYLESHEET, useValue: stylesheet },
        { provide: WEB_OPTIONS, useValue: options },
        { provide: ENROLMENT_API, useValue: adapters.enrolment ?? new HttpEnrolmentApi(config.ENROLMENT_URL) },
        { provide: NOTIFICATIONS_API, useValue: adapters.notifications ?? new HttpNotificationsApi(config.NOTIFICATIONS_URL, config.INTERNAL_API_TOKEN) },
        { provide: FEEDBACK_SINK, useValue: adapters.feedback ?? new SmtpFeedbackSink(config.SMTP_URL, config.FEEDBACK_FROM) },
        { provide: ACCESSIBILITY_OPTIONS, useValue: { defaultRecipient: config.FEEDBACK_TO, statementDate: STATEMENT_DATE } },
        { provide: CsrfTokens, useValue: new CsrfTokens(config.CSRF_SECRET) },
        { provide: FixedWindowRateLimiter, useValue: new FixedWindowRateLimiter(config.RATE_LIMIT_MAX, config.RATE_LIMIT_WINDOW_SECONDS * 1000) },
        LanguageMiddleware,
        RateLimitMiddleware,
        CsrfMiddleware,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(securityHeaders, LanguageMiddleware, RateLimitMiddleware, CsrfMiddleware).forRoutes('{*path}');
  }
}
