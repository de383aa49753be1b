import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { waitFor } from '@trygg/testing';
import { limitsRedis, RateLimiter } from '../src/rate-limiter';
import { limitRules, submissionHits } from '../src/rules';

// The limiter against the shared local Redis (REDIS_URL), isolated by a unique key prefix per run.

const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380';
const prefix = `it-limits-${randomUUID().slice(0, 8)}`;
const logger = { warn: jest.fn(), info: jest.fn() };
const ready = (redis: Redis) => new Promise<void>((resolve) => (redis.status === 'ready' ? resolve() : redis.once('ready', () => resolve())));

describe('RateLimiter on Redis', () => {
  const a = limitsRedis(url);
  const b = limitsRedis(url);
  const inspect = new Redis(url);
  // Two instances of one service: separate connections and processes' worth of state, one set of counters.
  const first = new RateLimiter(a, { prefix, service: 'web', logger });
  const second = new RateLimiter(b, { prefix, service: 'web', logger });
  beforeAll(() => Promise.all([ready(a), ready(b)]));
  afterAll(async () => {
    const keys = await inspect.keys(`${prefix}:*`);
    if (keys.length) await inspect.del(...keys);
    await Promise.all([first.close(), second.close(), inspect.quit()]);
  });

  it('counts one network across instances, atomically, and refuses beyond the maximum with the time left', async () => {
    const rules = limitRules({ RATE_LIMIT_MAX: 10, RATE_LIMIT_WINDOW_SECONDS: 120 });
    const decisions = await Promise.all(Array.from({ length: 14 }, (_, i) => (i % 2 ? first : second).hit(submissionHits(rules, '198.51.100.4'))));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    const refused = decisions.filter((d) => !d.allowed);
    expect(refused).toHaveLength(4);
    for (const d of refused) {
      expect(d.refusedBy).toEqual(['network']);
      expect(d.retryAfterSeconds).toBeGreaterThan(100);
      expect(d.retryAfterSeconds).toBeLessThanOrEqual(120);
    }
    // Another network is not affected.
    expect((await first.hit(submissionHits(rules, '198.51.100.5'))).allowed).toBe(true);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('refuses on the identifier however many networks send it, and keeps no personal data in a key', async () => {
    const rules = limitRules({ RATE_LIMIT_EMAIL_MAX: 3, RATE_LIMIT_IDENTIFIER_WINDOW_SECONDS: 3600 });
    const email = `Limit.${randomUUID().slice(0, 6)}@example.se`;
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await (i % 2 ? first : second).hit(submissionHits(rules, `192.0.2.${i + 1}`, { email, address: { street: 'Storgatan', number: '1', postcode: '463 30' } })));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.refusedBy).toEqual(['email']);
    const keys = await inspect.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(new RegExp(`^${prefix}:web:(network|email|address):[0-9a-f]{64}$`));
      expect(await inspect.pttl(key)).toBeGreaterThan(0);
    }
    expect(keys.map((k) => k.slice(prefix.length)).join(' ')).not.toMatch(/limit|example|storgatan|192\.0\.2/i);
  });

  it('claims a mail slot once across instances until the window has passed', async () => {
    const email = `claim-${randomUUID()}@example.se`;
    const answers = await Promise.all([first, second, first, second].map((l) => l.claim('confirmation-mail', 'email', email, 1)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    // The signal: the slot can be claimed again once its one-second window has passed.
    const again = await waitFor('the slot free again after its window', async () => ((await second.claim('confirmation-mail', 'email', email, 1)) ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
    expect(again).toBe(true);
    // Given back before the window ends: the next claim succeeds at once.
    expect(await first.claim('confirmation-mail', 'email', `given-${email}`, 300)).toBe(true);
    expect(await second.claim('confirmation-mail', 'email', `given-${email}`, 300)).toBe(false);
    await first.release('confirmation-mail', 'email', `given-${email}`);
    expect(await second.claim('confirmation-mail', 'email', `given-${email}`, 300)).toBe(true);
  });
});
