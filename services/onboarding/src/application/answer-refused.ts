import type { Refusal } from '../domain/engine';

/** Why an answer (or another change of an instance) cannot be applied. The messaging edge turns it into a dead letter; HTTP into 404/409. */
export class AnswerRefused extends Error {
  constructor(
    readonly refusal: Refusal | 'unknown-instance' | 'unknown-version' | 'producer-not-allowed',
    message: string,
  ) {
    super(`${refusal}: ${message}`);
    this.name = 'AnswerRefused';
  }
}
