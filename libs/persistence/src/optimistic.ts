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
  /** How many times the whole read–decide–write runs at most (default 8). */
  attempts?: number;
  /** Upper bound of the random wait before attempt n, times n, in ms (default 10). */
  jitterMs?: number;
}

/**
 * Optimistic concurrency: runs `work` (which reads, decides and writes with a version check), and runs it again on
 * the latest state when its write lost to a concurrent one. Side effects other than the guarded write belong after
 * it inside `work`, so a lost race repeats nothing. After the last attempt the ConcurrentModification propagates:
 * a consumer retries the event later, HTTP answers 409.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, options: RetryOnConflictOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  const jitterMs = options.jitterMs ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrentModification) || attempt >= attempts) throw error;
      // Racing writers that all retry at once would collide again: spread them out.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * jitterMs * attempt));
    }
  }
}
