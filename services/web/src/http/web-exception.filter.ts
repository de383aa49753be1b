import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LOGGER, type Logger } from '@trygg/observability';
import { AccessDenied, EnrolmentUnavailable, SignInRequired } from '../application/enrolment-api';
import { MalformedAnswer, TooManyAttempts } from '../application/malformed-answer';
import { NotificationsUnavailable } from '../application/notifications-api';
import { PoliceLiaisonUnavailable } from '../application/police-api';
import { VolunteersUnavailable } from '../application/volunteers-api';
import { IdentityProviderUnavailable } from '../application/sign-in';
import { Pages, translate } from './pages';
import { SessionCookies } from './session';

/** Thrown by a page handler for an unknown municipality, page or id: the Swedish 404 page. */
export class PageNotFound extends Error {
  constructor() {
    super('page not found');
    this.name = 'PageNotFound';
  }
}

/** A service the pages need that cannot be reached, and its name in the log line. */
const UNAVAILABLE: ReadonlyArray<readonly [new (...args: never[]) => Error, string]> = [
  [EnrolmentUnavailable, 'enrolment'],
  [NotificationsUnavailable, 'notifications'],
  [PoliceLiaisonUnavailable, 'police-liaison'],
  [VolunteersUnavailable, 'volunteers'],
  [IdentityProviderUnavailable, 'identity provider'],
];

/**
 * Errors become pages, never JSON and never a stack trace: 404 for unknown pages, 503 "try again shortly" when
 * the enrolment or notifications service is unreachable, and a logged generic page for anything unforeseen (also
 * an answer of another service that its contract does not allow: MalformedAnswer).
 */
@Injectable()
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly pages: Pages,
    private readonly cookies: SessionCookies,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const t = translate(res);
    const home = { href: '/', text: t('error.goStart') };
    const status = exception instanceof HttpException ? exception.getStatus() : undefined;
    if (exception instanceof PageNotFound || status === 404) {
      this.pages.message(req, res, { title: t('error.notFound.title'), paragraphs: [t('error.notFound.p1')], link: home }, { status: 404 });
      return;
    }
    if (exception instanceof TooManyAttempts) {
      res.setHeader('retry-after', String(exception.retryAfterSeconds));
      this.pages.message(
        req,
        res,
        { title: t('error.rateLimit.title'), paragraphs: [t('error.rateLimit.p1', { minutes: Math.max(1, Math.ceil(exception.retryAfterSeconds / 60)) })] },
        { status: 429 },
      );
      return;
    }
    if (exception instanceof SignInRequired) {
      // The service no longer accepts the person's token (expired or revoked early): they sign in again.
      this.cookies.clear(res);
      res.redirect(303, '/logga-in?orsak=utgangen');
      return;
    }
    if (exception instanceof AccessDenied) {
      this.pages.message(req, res, { title: t('auth.forbidden.title'), paragraphs: [t('auth.forbidden.p1', { name: String((res.locals['session'] as { name?: string } | undefined)?.name ?? '') })], link: home }, { status: 403 });
      return;
    }
    const unavailable = UNAVAILABLE.find(([kind]) => exception instanceof kind);
    if (unavailable) {
      this.logger.warn({ err: (exception as Error).message, path: req.path.replace(/\/[A-Za-z0-9_-]{20,}/g, '/…') }, `${unavailable[1]} unavailable`);
      res.setHeader('retry-after', '30');
      this.pages.message(req, res, { title: t('error.unavailable.title'), paragraphs: [t('error.unavailable.p1')], link: home }, { status: 503 });
      return;
    }
    if (status !== undefined && status < 500) {
      this.pages.message(req, res, { title: t('error.notFound.title'), paragraphs: [t('error.notFound.p1')], link: home }, { status });
      return;
    }
    if (exception instanceof MalformedAnswer) {
      // Logged here once, with the route and every problem (never the values); the resident sees the generic page.
      const { service, operationId, status: answered, problems } = exception;
      this.logger.error({ service, operationId, status: answered, problems }, 'an answer does not match its contract');
    } else {
      this.logger.error({ err: exception }, 'unhandled error on a page');
    }
    this.pages.message(req, res, { title: t('error.unavailable.title'), paragraphs: [t('error.unavailable.p1')], link: home }, { status: 500 });
  }
}
