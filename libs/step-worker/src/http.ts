import { HttpException, HttpStatus } from '@nestjs/common';
import { StepWorkAlreadyDecided, StepWorkNotFound } from './step-work';

/** A failed decision as the HTTP answer: 404 (not in your scope), 409 (decided already), else the error itself. */
export function decisionHttpError(error: unknown, notFoundMessage: string): unknown {
  if (error instanceof StepWorkNotFound) return new HttpException({ statusCode: 404, error: 'not_found', message: notFoundMessage }, HttpStatus.NOT_FOUND);
  if (error instanceof StepWorkAlreadyDecided) return new HttpException({ statusCode: 409, error: 'already_decided', message: error.message }, HttpStatus.CONFLICT);
  return error;
}
