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

/**
 * A dependency (database, queue, broker, another service) cannot be reached. Not the message's fault:
 * consumers wait and retry for as long as it takes instead of dead-lettering, HTTP answers 503.
 */
export class DependencyUnavailable extends Error {
  constructor(
    readonly dependency: string,
    cause?: unknown,
  ) {
    super(`${dependency} is unavailable`, { cause });
    this.name = 'DependencyUnavailable';
  }
}

const UNAVAILABLE_NAMES = new Set([
  'DependencyUnavailable',
  'MongoNotConnectedError',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
]);

/** True for errors that mean "a dependency is away", whatever library raised them. */
export function isDependencyUnavailable(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | null;
  if (!e?.name) return false;
  if (UNAVAILABLE_NAMES.has(e.name)) return true;
  // mongoose with bufferCommands off, before the first connection
  return e.name === 'MongooseError' && /before initial connection/.test(e.message ?? '');
}
