import type { Logger } from '@trygg/observability';

/**
 * A timer for periodic tasks a TTL index cannot do (they change documents, tell other services or log): retention, half-done placements,
 * long-expired links, events that waited too long for a person. Each task returns how many things it did (logged
 * when > 0). One run at a time; a failing task is logged and tried again next round, the others still run.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;

  constructor(
    private readonly tasks: Record<string, () => Promise<number>>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (const [name, task] of Object.entries(this.tasks)) {
        try {
          const count = await task();
          if (count > 0) this.logger.info({ task: name, count }, 'housekeeping');
        } catch (error) {
          this.logger.warn({ task: name, err: (error as Error).message }, 'housekeeping task failed; retried next round');
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Idempotent: a second call while running changes nothing (a start-up retried after an outage calls it again). */
  start(): void {
    if (this.timer && !this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      await this.runOnce();
      if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
