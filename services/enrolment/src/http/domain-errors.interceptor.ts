import { type CallHandler, type ExecutionContext, HttpException, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { ValidationFailed } from '@trygg/service-kit';
import { catchError, type Observable, throwError } from 'rxjs';
import { Conflict, FieldRejected, LinkRejected, NotFound, UnknownMunicipality } from '../application/errors';
import { InvalidGroupChange } from '../domain/group';
import { SignRuleBroken } from '../domain/sign';
import { languageOf, localisedProblem } from './validation';

const LINK_MESSAGES = {
  token_invalid: 'The link is not valid',
  token_expired: 'The link has expired',
  token_used: 'The link has already been used',
} as const;

/** Errors the use cases raise on purpose become the stable answers of API.md; anything else goes to the global filter. */
export function toHttpError(error: unknown, language: 'sv' | 'en'): unknown {
  if (error instanceof UnknownMunicipality) return new ValidationFailed([localisedProblem('municipalityId', 'unknown_municipality', language)]);
  if (error instanceof FieldRejected) return new ValidationFailed([localisedProblem(error.field, error.code, language)]);
  if (error instanceof LinkRejected) {
    const status = error.code === 'token_invalid' ? HttpStatus.NOT_FOUND : HttpStatus.GONE;
    return new HttpException({ statusCode: status, error: error.code, message: LINK_MESSAGES[error.code] }, status);
  }
  if (error instanceof NotFound) return new HttpException({ statusCode: 404, error: 'not_found', message: error.message }, HttpStatus.NOT_FOUND);
  if (error instanceof Conflict) return new HttpException({ statusCode: 409, error: error.code, message: error.message }, HttpStatus.CONFLICT);
  if (error instanceof SignRuleBroken) {
    return error.code === 'unknown_sign'
      ? new HttpException({ statusCode: 404, error: 'not_found', message: error.message }, HttpStatus.NOT_FOUND)
      : new HttpException({ statusCode: 409, error: error.code, message: error.message }, HttpStatus.CONFLICT);
  }
  if (error instanceof InvalidGroupChange) return new HttpException({ statusCode: 409, error: error.code, message: error.message }, HttpStatus.CONFLICT);
  return error;
}

@Injectable()
export class DomainErrorsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body: unknown = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    return next.handle().pipe(catchError((error: unknown) => throwError(() => toHttpError(error, languageOf(body)))));
  }
}
