/**
 * Runs work for one key at a time within this process, in arrival order.
 *
 * Why: FerretDB v1 applies an update by reading the document in Go and writing it back, so two concurrent
 * conditional updates of one document can both "win" and one change is lost (measured: 8 concurrent
 * `updateOne({_id, version: 1}, {$inc: {version: 1}})` → several report modifiedCount 1 in 19 of 20 rounds).
 * MongoDB is atomic per document. Serialising the writes of one aggregate inside the process makes both behave
 * the same for a single instance per service (see docs/decisions/0003-outbox-in-the-aggregate.md).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async runExclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Number of keys with work queued or running (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
