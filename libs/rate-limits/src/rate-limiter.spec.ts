import { limitsRedis, RateLimiter } from './rate-limiter';
import { limitRules, submissionHits } from './rules';

describe('RateLimiter while Redis cannot be reached', () => {
  const warnings: string[] = [];
  const logger = { warn: (_: object, message: string) => warnings.push(message), info: () => undefined };
  let now = 1_000_000;
  // Nothing listens on port 1: every command fails at once (no offline queue), as when Redis is down.
  const limiter = new RateLimiter(limitsRedis('redis://127.0.0.1:1'), { prefix: 'unit', service: 'web', logger, now: () => now });
  afterAll(() => limiter.close());

  it('neither fails nor stops limiting: counts in the process with the same rules and warns once', async () => {
    const rules = limitRules({ RATE_LIMIT_MAX: 3, RATE_LIMIT_WINDOW_SECONDS: 60 });
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.hit(submissionHits(rules, '203.0.113.9')));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]).toMatchObject({ refusedBy: ['network'], retryAfterSeconds: 60 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Redis cannot be reached/);
    now += 60_000;
    expect((await limiter.hit(submissionHits(rules, '203.0.113.9'))).allowed).toBe(true);
  });

  it('claims once per window in the process meanwhile', async () => {
    expect(await limiter.claim('confirmation-mail', 'email', 'a@example.se', 300)).toBe(true);
    expect(await limiter.claim('confirmation-mail', 'email', 'A@example.se', 300)).toBe(false);
    now += 300_000;
    expect(await limiter.claim('confirmation-mail', 'email', 'a@example.se', 300)).toBe(true);
  });
});
