/**
 * A handler throws this when retrying cannot help (the event refers to something that does not exist,
 * a business rule forbids it): the message goes to the dead-letter topic at once.
 * Any other error is treated as transient and retried with backoff, then dead-lettered.
 */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}
