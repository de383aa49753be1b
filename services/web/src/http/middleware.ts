import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isLanguage } from '../i18n';
import { FixedWindowRateLimiter } from './rate-limit';
import { parseCookies, serializeCookie } from './cookies';
import { CsrfTokens } from './csrf';
import { Pages, translate } from './pages';

export const WEB_OPTIONS = Symbol('WEB_OPTIONS');
export interface WebOptions {
  cookieSecure: boolean;
}

export const LANGUAGE_COOKIE = 'ts_lang';
export const CSRF_COOKIE = 'ts_csrf';

/**
 * Headers on every answer: a strict Content Security Policy (no scripts at all, styles only from our own
 * files), no framing, no referrer (links carry tokens), no MIME sniffing. Forms post only to us — and to the
 * identity providers' origins (`formTargets`): the logout form's answer redirects to the IdP's end_session_endpoint,
 * and browsers apply form-action to a form's redirects too.
 */
export function securityHeaders(formTargets: readonly string[] = []) {
  const formAction = ["'self'", ...new Set(formTargets)].join(' ');
  const policy = `default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
  return (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('content-security-policy', policy);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    next();
  };
}

/** Swedish unless `?lang=en` (remembered in a cookie) or the cookie says otherwise. */
@Injectable()
export class LanguageMiddleware implements NestMiddleware {
  constructor(@Inject(WEB_OPTIONS) private readonly options: WebOptions) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const asked = req.query['lang'];
    const cookie = parseCookies(req.headers.cookie)[LANGUAGE_COOKIE];
    if (isLanguage(asked)) {
      res.locals['lang'] = asked;
      if (asked !== cookie) res.append('set-cookie', serializeCookie(LANGUAGE_COOKIE, asked, { secure: this.options.cookieSecure, maxAgeSeconds: 365 * 24 * 3600 }));
    } else {
      res.locals['lang'] = isLanguage(cookie) ? cookie : 'sv';
    }
    next();
  }
}

/** Every post counts against its client's limit: too many → 429 with a Swedish (or English) page. */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(
    private readonly limiter: FixedWindowRateLimiter,
    private readonly pages: Pages,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== 'POST') return next();
    const decision = this.limiter.hit(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (decision.allowed) return next();
    const t = translate(res);
    res.setHeader('retry-after', String(decision.retryAfterSeconds));
    this.pages.message(
      req,
      res,
      { title: t('error.rateLimit.title'), paragraphs: [t('error.rateLimit.p1', { minutes: Math.max(1, Math.ceil(decision.retryAfterSeconds / 60)) })] },
      { status: 429 },
    );
  }
}

/**
 * Gives every browser a CSRF cookie (and the matching token to the page's forms) and refuses a post whose token
 * does not match its cookie with 403 "the page has expired" — before any handler runs.
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  constructor(
    private readonly tokens: CsrfTokens,
    private readonly pages: Pages,
    @Inject(WEB_OPTIONS) private readonly options: WebOptions,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    let id = parseCookies(req.headers.cookie)[CSRF_COOKIE];
    if (req.method === 'POST') {
      const body: unknown = req.body;
      const token = body && typeof body === 'object' ? (body as Record<string, unknown>)['_csrf'] : undefined;
      if (!this.tokens.verify(id, token)) {
        const t = translate(res);
        this.pages.message(req, res, { title: t('error.csrf.title'), paragraphs: [t('error.csrf.p1')], link: { href: req.path, text: t('layout.back') } }, { status: 403 });
        return;
      }
    }
    if (!id || id.length < 40 || id.length > 60) {
      id = this.tokens.newId();
      res.append('set-cookie', serializeCookie(CSRF_COOKIE, id, { secure: this.options.cookieSecure }));
    }
    res.locals['csrfToken'] = this.tokens.tokenFor(id);
    next();
  }
}
