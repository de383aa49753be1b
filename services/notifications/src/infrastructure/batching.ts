/**
 * Coalesces single-document operations issued at about the same time into one database call (group commit): a
 * call waits at most until the end of the current event-loop turn, or while `maxInFlight` batches are already at the
 * database; then everything that has queued up goes in one call of at most `maxBatch`. Under light load a call goes
 * alone, with no added wait; under load (the email workers, EMAIL_CONCURRENCY jobs at once) the calls of many jobs
 * share one round trip, which is what bounds a fan-out on FerretDB. Each item keeps its own answer: `run` returns one
 * result per input, in order. A failing call fails every item of its batch (each caller retries as it would alone).
 */
export class Coalescer<I, O> {
  private queue: Array<{ input: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly options: { maxBatch: number; maxInFlight: number } = { maxBatch: 100, maxInFlight: 2 },
  ) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O callbacks of this turn: the calls they make join the same batch.
        setImmediate(() => {
          this.scheduled = false;
          this.drain();
        });
      }
    });
  }

  private drain(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.run(batch.map((b) => b.input))
        .then(
          (outputs) => batch.forEach((b, i) => b.resolve(outputs[i] as O)),
          (error: unknown) => batch.forEach((b) => b.reject(error)),
        )
        .finally(() => {
          this.inFlight--;
          this.drain();
        });
    }
  }
}
