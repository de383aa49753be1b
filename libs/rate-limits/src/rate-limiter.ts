import { Redis } from 'ioredis';
import { type LimitKind, limitKey, type PostalAddress } from './keys';

/** One limit: at most `max` hits per fixed window of `windowSeconds`, counted per `kind` of key. */
export interface LimitRule {
  /** Part of the Redis key (`network`, `email`, …): two rules with one name share their counters. */
  readonly name: string;
  readonly kind: LimitKind;
  readonly max: number;
  readonly windowSeconds: number;
}

/** One thing a request counts against: a rule and the value it is keyed on (hashed before it reaches Redis). */
export interface LimitHit {
  rule: LimitRule;
  value: string | PostalAddress;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until every refusing window has ended (for Retry-After); 0 when allowed. */
  retryAfterSeconds: number;
  /** The rules that refused (names), empty when allowed. */
  refusedBy: string[];
}

interface WarnLogger {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

export interface RateLimiterOptions {
  /** `RATE_LIMIT_KEY_PREFIX`: environments (or test runs) sharing one Redis keep apart by it. */
  prefix: string;
  /** The service counting: each service has its own counters (web and enrolment both count one form post). */
  service: string;
  logger: WarnLogger;
  now?: () => number;
  /** Bound on the fallback's remembered keys while Redis is away. */
  maxLocalKeys?: number;
}

/**
 * INCR every key and start its window on the first hit (PEXPIRE), in one atomic script: two instances counting the
 * same key at once cannot both see the same count, and no key is ever left without an expiry. Returns count and
 * remaining milliseconds per key.
 */
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if count == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[i])
    ttl = tonumber(ARGV[i])
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out`;

/** A Redis connection for counters: commands fail at once (never queue) while Redis is away, and time out after 500 ms. */
export function limitsRedis(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
}

/**
 * Fixed-window counters in Redis, shared by every instance of a service. When Redis cannot be reached the limiter
 * does not refuse people (no resident gets an error because a counter store is down) and does not give up limiting
 * either: it counts in this process's memory with the same rules until Redis answers again (so the limit becomes
 * per instance for the outage), and logs the outage once as a warning.
 */
export class RateLimiter {
  private readonly local = new Map<string, { endsAt: number; hits: number }>();
  private redisDown = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: RateLimiterOptions,
  ) {
    // ioredis reports connection errors as events; without a listener they would be printed as unhandled.
    redis.on('error', () => undefined);
  }

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Counts one hit against every rule given; refused when any of them is over its maximum. */
  async hit(hits: readonly LimitHit[]): Promise<RateLimitDecision> {
    if (hits.length === 0) return { allowed: true, retryAfterSeconds: 0, refusedBy: [] };
    const keys = hits.map((h) => limitKey(this.options.prefix, this.options.service, h.rule.name, h.rule.kind, h.value));
    const windows = hits.map((h) => h.rule.windowSeconds * 1000);
    let counts: Array<{ count: number; ttlMs: number }>;
    try {
      const raw = (await this.redis.eval(HIT_SCRIPT, keys.length, ...keys, ...windows.map(String))) as number[];
      counts = keys.map((_, i) => ({ count: Number(raw[2 * i]), ttlMs: Number(raw[2 * i + 1]) }));
      this.redisIsBack();
    } catch (error) {
      this.redisIsDown(error);
      counts = keys.map((key, i) => this.localHit(key, windows[i]!));
    }
    const refused = hits.map((h, i) => ({ rule: h.rule, ...counts[i]! })).filter((c) => c.count > c.rule.max);
    return {
      allowed: refused.length === 0,
      retryAfterSeconds: refused.length ? Math.max(1, ...refused.map((r) => Math.ceil(r.ttlMs / 1000))) : 0,
      refusedBy: refused.map((r) => r.rule.name),
    };
  }

  /**
   * At most once per window for this key: true for the first caller (in any instance), false until the window has
   * passed (`SET NX PX`). While Redis is away the claim is made in this process's memory.
   */
  async claim(name: string, kind: LimitKind, value: string, windowSeconds: number): Promise<boolean> {
    const key = limitKey(this.options.prefix, this.options.service, name, kind, value);
    try {
      const answer = await this.redis.set(key, '1', 'PX', windowSeconds * 1000, 'NX');
      this.redisIsBack();
      return answer === 'OK';
    } catch (error) {
      this.redisIsDown(error);
      return this.localHit(key, windowSeconds * 1000).count === 1;
    }
  }

  /** Gives a claim back before its window ends (what it was for did not happen): the next `claim` succeeds. */
  async release(name: string, kind: LimitKind, value: string): Promise<void> {
    const key = limitKey(this.options.prefix, this.options.service, name, kind, value);
    this.local.delete(key);
    try {
      await this.redis.del(key);
      this.redisIsBack();
    } catch (error) {
      this.redisIsDown(error);
    }
  }

  /** Nest calls it on shutdown. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }

  private localHit(key: string, windowMs: number): { count: number; ttlMs: number } {
    const now = this.now;
    let window = this.local.get(key);
    if (!window || window.endsAt <= now) {
      this.local.delete(key);
      this.forgetOldest(now);
      window = { endsAt: now + windowMs, hits: 0 };
      this.local.set(key, window);
    }
    window.hits += 1;
    return { count: window.hits, ttlMs: window.endsAt - now };
  }

  /** Keeps the fallback bounded: ended windows go first, then the oldest. */
  private forgetOldest(now: number): void {
    const max = this.options.maxLocalKeys ?? 100_000;
    if (this.local.size < max) return;
    for (const [key, window] of this.local) if (window.endsAt <= now) this.local.delete(key);
    while (this.local.size >= max) {
      const oldest = this.local.keys().next().value;
      if (oldest === undefined) break;
      this.local.delete(oldest);
    }
  }

  private redisIsDown(error: unknown): void {
    if (this.redisDown) return;
    this.redisDown = true;
    this.options.logger.warn(
      { dependency: 'redis', err: (error as Error).message },
      'rate limits: Redis cannot be reached; counting in this process until it is back (limits are per instance meanwhile)',
    );
  }

  private redisIsBack(): void {
    if (!this.redisDown) return;
    this.redisDown = false;
    this.local.clear();
    this.options.logger.info({ dependency: 'redis' }, 'rate limits: Redis is back; counting there again');
  }
}
