import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { WEB_CONFIG, type WebConfig } from './config';
import { STYLESHEET } from './http/assets.controller';
import { CsrfTokens } from './http/csrf';
import { CsrfMiddleware, LanguageMiddleware, RateLimitMiddleware, securityHeaders, WEB_OPTIONS, type WebOptions } from './http/middleware';
import { Pages } from './http/pages';
import { MUNICIPALITIES } from './http/params';
import { FixedWindowRateLimiter } from './http/rate-limit';
import { Views } from './http/views';
import { loadBrandedMunicipalities } from './infrastructure/branded-municipalities';
import { loadStylesheet, stylesheetVersion } from './infrastructure/stylesheet';

/**
 * What every page needs: the templates (`Views`) and `Pages` that render them, the municipalities with their
 * branding (contrast-checked at start), the compiled stylesheet, the cookie options, and the middleware on every
 * request — security headers, language, the per-client rate limit on posts, CSRF.
 */
@Module({
  providers: [
    { provide: Views, useFactory: () => new Views() },
    { provide: STYLESHEET, useFactory: loadStylesheet },
    { provide: Pages, inject: [Views, STYLESHEET], useFactory: (views: Views, stylesheet: string | undefined) => new Pages(views, stylesheetVersion(stylesheet)) },
    { provide: MUNICIPALITIES, useFactory: () => loadBrandedMunicipalities() },
    {
      provide: WEB_OPTIONS,
      inject: [WEB_CONFIG],
      useFactory: (config: WebConfig): WebOptions => ({ cookieSecure: config.COOKIE_SECURE, staffDevGuard: config.STAFF_DEV_GUARD === 'allow' }),
    },
    { provide: CsrfTokens, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new CsrfTokens(config.CSRF_SECRET) },
    {
      provide: FixedWindowRateLimiter,
      inject: [WEB_CONFIG],
      useFactory: (config: WebConfig) => new FixedWindowRateLimiter(config.RATE_LIMIT_MAX, config.RATE_LIMIT_WINDOW_SECONDS * 1000),
    },
    LanguageMiddleware,
    RateLimitMiddleware,
    CsrfMiddleware,
  ],
  exports: [Pages, MUNICIPALITIES, STYLESHEET, WEB_OPTIONS],
})
export class SharedModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(securityHeaders, LanguageMiddleware, RateLimitMiddleware, CsrfMiddleware).forRoutes('{*path}');
  }
}
