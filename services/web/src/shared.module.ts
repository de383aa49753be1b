import { Inject, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { WEB_CONFIG, type WebConfig } from './config';
import { STYLESHEET } from './http/assets.controller';
import { CsrfTokens } from './http/csrf';
import { MultipartPhotoMiddleware } from './http/multipart';
import { CsrfMiddleware, FormLimits, LanguageMiddleware, RateLimitMiddleware, securityHeaders, WEB_OPTIONS, type WebOptions } from './http/middleware';
import { Pages } from './http/pages';
import { MUNICIPALITIES, WALKER_ORGANISATIONS } from './http/params';
import { IDENTITY_PROVIDERS, SESSION_OPTIONS, SessionCookies, type SessionOptions } from './http/session';
import { SessionMiddleware } from './http/session.middleware';
import { Views } from './http/views';
import { loadBrandedMunicipalities } from './infrastructure/branded-municipalities';
import { loadWalkerOrganisations } from './infrastructure/walker-organisations';
import { type IdentityProviders, loadIdentityProviders } from './infrastructure/identity-providers';
import { SealedValues } from './infrastructure/sealed-cookie';
import { loadStylesheet, stylesheetVersion } from './infrastructure/stylesheet';

/**
 * What every page needs: the templates (`Views`) and `Pages` that render them, the municipalities with their
 * branding (contrast-checked at start), the identity providers of identity.yaml (`IDENTITY_PROVIDERS`), the compiled stylesheet, the cookie options, and the middleware on every
 * request — security headers, language, CSRF, the signed-in person's sealed session cookie (`SessionCookies`,
 * `SessionMiddleware`) and the per-network limit on posts (Redis, libs/rate-limits); `FormLimits` for the forms'
 * per-identifier limits.
 */
@Module({
  providers: [
    { provide: Views, useFactory: () => new Views() },
    { provide: STYLESHEET, useFactory: loadStylesheet },
    { provide: Pages, inject: [Views, STYLESHEET], useFactory: (views: Views, stylesheet: string | undefined) => new Pages(views, stylesheetVersion(stylesheet)) },
    { provide: MUNICIPALITIES, useFactory: () => loadBrandedMunicipalities() },
    { provide: WALKER_ORGANISATIONS, useFactory: () => loadWalkerOrganisations() },
    { provide: IDENTITY_PROVIDERS, useFactory: () => loadIdentityProviders() },
    {
      provide: WEB_OPTIONS,
      inject: [WEB_CONFIG],
      useFactory: (config: WebConfig): WebOptions => ({ cookieSecure: config.COOKIE_SECURE }),
    },
    { provide: SealedValues, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new SealedValues(config.WEB_SESSION_SECRET) },
    {
      provide: SESSION_OPTIONS,
      inject: [WEB_CONFIG],
      useFactory: (config: WebConfig): SessionOptions => ({ secure: config.COOKIE_SECURE, idleMs: config.WEB_SESSION_IDLE_MINUTES * 60_000 }),
    },
    SessionCookies,
    SessionMiddleware,
    { provide: CsrfTokens, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new CsrfTokens(config.CSRF_SECRET) },
    LanguageMiddleware,
    RateLimitMiddleware,
    CsrfMiddleware,
    MultipartPhotoMiddleware,
    FormLimits,
  ],
  exports: [Pages, MUNICIPALITIES, WALKER_ORGANISATIONS, STYLESHEET, WEB_OPTIONS, SessionCookies, IDENTITY_PROVIDERS, FormLimits],
})
export class SharedModule implements NestModule {
  constructor(@Inject(IDENTITY_PROVIDERS) private readonly identityProviders: IdentityProviders) {}

  configure(consumer: MiddlewareConsumer): void {
    const idpOrigins = [...this.identityProviders.values()].map((p) => new URL(p.issuer).origin);
    // The limit after the session: signed-in staff are not counted (and a post refused for its CSRF token is not either).
    // The finding form's multipart body is parsed before CSRF, so its token is checked like every other form's.
    consumer.apply(securityHeaders(idpOrigins), LanguageMiddleware, MultipartPhotoMiddleware, CsrfMiddleware, SessionMiddleware, RateLimitMiddleware).forRoutes('{*path}');
  }
}
