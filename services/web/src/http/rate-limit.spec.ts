import { FixedWindowRateLimiter } from './rate-limit';

describe('the per-client rate limit', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('allows max hits in a window and refuses the next, saying when to retry', () => {
    const limiter = new FixedWindowRateLimiter(3, 60_000, clock);
    expect([1, 2, 3].map(() => limiter.hit('1.2.3.4').allowed)).toEqual([true, true, true]);
    now += 15_000;
    expect(limiter.hit('1.2.3.4')).toEqual({ allowed: false, retryAfterSeconds: 45, remaining: 0 });
  });

  it('counts each client on its own', () => {
    const limiter = new FixedWindowRateLimiter(1, 60_000, clock);
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('b').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(false);
  });

  it('opens again when the window has passed and forgets expired windows', () => {
    const limiter = new FixedWindowRateLimiter(1, 60_000, clock);
    limiter.hit('a');
    limiter.hit('b');
    now += 60_000;
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.size).toBe(1);
  });

  it('never remembers more than its bound of clients', () => {
    const limiter = new FixedWindowRateLimiter(1, 60_000, clock, 10);
    for (let i = 0; i < 50; i++) limiter.hit(`client-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(10);
  });
});
