/**
 * Per-client limit on form posts: at most `max` hits in a fixed window of `windowMs`. The store is memory in one
 * process (enough for one web process; several replicas need a shared store such as Redis behind the same
 * interface). Old windows are dropped as they expire so the map cannot grow without bound.
 */
export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the window resets (for the Retry-After header). */
  retryAfterSeconds: number;
  remaining: number;
}

export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { start: number; hits: number }>();
  private lastSweep = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Bound on remembered clients: beyond it, the oldest windows are forgotten first. */
    private readonly maxKeys = 100_000,
  ) {}

  hit(key: string): RateLimitDecision {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, hits: 0 };
      this.windows.delete(key);
      this.windows.set(key, window);
    }
    window.hits += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    return { allowed: window.hits <= this.max, retryAfterSeconds, remaining: Math.max(0, this.max - window.hits) };
  }

  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep >= this.windowMs) {
      this.lastSweep = now;
      for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
    }
    while (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
  }
}
