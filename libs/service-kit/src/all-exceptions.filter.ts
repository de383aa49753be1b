import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { Observable } from 'rxjs';
import { isDependencyUnavailable, RethrowEventErrors } from '@trygg/messaging';
import { ConcurrentModification } from '@trygg/persistence';

/**
 * Every error of an HTTP request leaves as JSON with a stable shape. Known client errors keep their 4xx; an unreachable dependency
 * is a 503; anything else is a logged 500 that reveals nothing of the internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  private readonly events = new RethrowEventErrors();

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // An @EventPattern handler's error goes back to the event consumer unchanged: it decides retry or dead letter.
    if (host.getType() === 'rpc') return this.events.catch(exception, host);
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      res.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    const err = exception as { name?: string; type?: string; status?: number; message?: string };
    if (err?.type === 'entity.parse.failed') {
      res.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, error: 'invalid_json', message: 'The request body is not valid JSON' });
      return;
    }
    if (err?.type === 'entity.too.large') {
      res.status(HttpStatus.PAYLOAD_TOO_LARGE).json({ statusCode: 413, error: 'too_large', message: 'The request body is too large' });
      return;
    }
    // Any other client error raised by the body parsers (http-errors with `expose`): too many parameters, too
    // deep nesting, an unsupported charset or content encoding, an aborted request. Their 4xx stands.
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500 && (exception as { expose?: unknown }).expose === true) {
      res.status(err.status).json({ statusCode: err.status, error: err.type ?? 'bad_request', message: 'The request cannot be read' });
      return;
    }
    // Optimistic concurrency lost every attempt (libs/persistence retryOnConflict): nothing was written.
    if (exception instanceof ConcurrentModification) {
      this.logger.warn({ err: err.message }, 'concurrent modification after retries');
      res.status(HttpStatus.CONFLICT).json({ statusCode: 409, error: 'concurrent_modification', message: 'Changed by someone else at the same time; try again' });
      return;
    }
    if (isDependencyUnavailable(exception)) {
      this.logger.warn({ err: err.message }, 'dependency unavailable');
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json({ statusCode: 503, error: 'unavailable', message: 'Try again shortly' });
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, error: 'internal', message: 'Internal error' });
  }
}
