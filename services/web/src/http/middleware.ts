import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isLanguage } from '../i18n';
import { identifierHits, type Identifiers, LIMIT_RULES, type LimitRules, RateLimiter, runWithClientAddress } from '@trygg/rate-limits';
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

/** 429 with Retry-After and the Swedish (or English) "För många försök" page, whichever limit refused. */
function tooManyAttempts(pages: Pages, req: Request, res: Response, retryAfterSeconds: number): void {
  const t = translate(res);
  res.setHeader('retry-after', String(retryAfterSeconds));
  pages.message(
    req,
    res,
    { title: t('error.rateLimit.title'), paragraphs: [t('error.rateLimit.p1', { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) })] },
    { status: 429 },
  );
}

/**
 * Every post of someone not signed in counts against their network's limit (`req.ip`, as TRUST_PROXY lets Express
 * read it; counted in Redis, shared by every web instance): too many → 429 with a Swedish (or English) page. Signed-in
 * staff and officers are not counted (an office behind one address places many registrations). The client's address
 * is kept for the rest of the request, so the APIs the web calls count the resident's network, not the web's.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(LIMIT_RULES) private readonly rules: LimitRules,
    private readonly pages: Pages,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    if (req.method === 'POST' && !res.locals['session']) {
      let decision;
      try {
        decision = await this.limiter.hit([{ rule: this.rules.network, value: client }]);
      } catch (error) {
        return next(error); // (the limiter answers even without Redis; anything else is the error page's)
      }
      if (!decision.allowed) return tooManyAttempts(this.pages, req, res, decision.retryAfterSeconds);
    }
    runWithClientAddress(client, next);
  }
}

/**
 * The per-identifier limits of a public form, in one call from its handler once the form is valid:
 * `if (!(await this.limits.allow(req, res, { email, address, mobile }))) return;` — false when refused, the 429
 * page already sent. The answer is the same whether or not the address is known (nothing is looked up).
 */
@Injectable()
export class FormLimits {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(LIMIT_RULES) private readonly rules: LimitRules,
    private readonly pages: Pages,
  ) {}

  async allow(req: Request, res: Response, identifiers: Identifiers): Promise<boolean> {
    const decision = await this.limiter.hit(identifierHits(this.rules, identifiers));
    if (decision.allowed) return true;
    tooManyAttempts(this.pages, req, res, decision.retryAfterSeconds);
    return false;
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
