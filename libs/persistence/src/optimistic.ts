/**
 * A conditional write (`updateOne({ _id, version })`) matched nothing: somebody else wrote the document since it was
 * read. The database decides who wins (MongoDB and FerretDB 2 on DocumentDB update one document atomically), so this
 * holds across processes and instances, not only inside one.
 */
export class ConcurrentModification extends Error {
  constructor(
    readonly what: string,
    readonly id: string,
  ) {
    super(`${what} ${id} was changed by someone else at the same time`);
    this.name = 'ConcurrentModification';
  }
}

export interface RetryOnConflictOptions {
  /** How many times the whole read–decide–write runs at most (default 12). */
  attempts?: number;
  /**
   * The first retry waits up to this many ms (default 10), each further one up to twice as long as the one before,
   * never more than `maxWaitMs`; the wait itself is random within that bound ("full jitter").
   */
  jitterMs?: number;
  /** The longest single wait, in ms (default 1000). */
  maxWaitMs?: number;
}

/** The bound of the random wait after `lostRaces` lost races (1, 2, …): exponential, capped. */
function conflictWaitBoundMs(lostRaces: number, jitterMs = 10, maxWaitMs = 1000): number {
  return Math.min(maxWaitMs, jitterMs * 2 ** (lostRaces - 1));
}

/**
 * Optimistic concurrency: runs `work` (which reads, decides and writes with a version check), and runs it again on
 * the latest state when its write lost to a concurrent one. Side effects other than the guarded write belong after
 * it inside `work`, so a lost race repeats nothing. After the last attempt the ConcurrentModification propagates:
 * a consumer retries the event later, HTTP answers 409.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, options: RetryOnConflictOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 12;
  const jitterMs = options.jitterMs ?? 10;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrentModification) || attempt >= attempts) throw error;
      // Racing writers that all retry at once would collide again: spread them out, over a window that doubles with
      // each lost race, so that even a crowd on one document (a start meeting's residents joining one group) gets
      // through instead of colliding every time.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * conflictWaitBoundMs(attempt, jitterMs, maxWaitMs)));
    }
  }
}
