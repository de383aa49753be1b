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

/**
 * Server errors that mean the database cannot serve right now, not that the request is wrong: MongoDB's replica-set
 * state changes (an election, a shutdown, no primary) and network codes — production runs a replica set.
 */
const UNAVAILABLE_SERVER_CODES = new Set([6, 7, 89, 91, 189, 10107, 11600, 11602, 13435, 13436]);
/**
 * FerretDB 2 answers with a server error (code 1) when its PostgreSQL is gone, restarting or not yet accepting
 * connections; the message is PostgreSQL's or its driver's. A crash in the middle of a query surfaces as the
 * connection's own end ("unexpected EOF", "connection reset by peer", "broken pipe", "conn closed") — all seen on a
 * `pg_ctl stop -m immediate` under load.
 */
const BACKEND_UNAVAILABLE =
  /failed to connect to|connection refused|the database system is (starting up|shutting down|not yet accepting connections|in recovery mode)|terminating connection due to administrator command|unexpected EOF|connection reset by peer|broken pipe|conn closed|server closed the connection unexpectedly/;

/** True for errors that mean "a dependency is away", whatever library raised them. */
export function isDependencyUnavailable(error: unknown): boolean {
  const e = error as { name?: string; message?: string; code?: unknown } | null;
  if (!e?.name) return false;
  if (UNAVAILABLE_NAMES.has(e.name)) return true;
  if (e.name === 'MongoServerError') {
    return (typeof e.code === 'number' && UNAVAILABLE_SERVER_CODES.has(e.code)) || BACKEND_UNAVAILABLE.test(e.message ?? '');
  }
  // mongoose with bufferCommands off, before the first connection
  return e.name === 'MongooseError' && /before initial connection/.test(e.message ?? '');
}
