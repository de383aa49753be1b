import { sameSecret } from './delivery-reports.controller';

describe('the delivery-report secret comparison', () => {
  const secret = 'f3a9c1d2e4b5a6978812c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718';

  it('accepts only the very secret, whatever the length of a guess (both sides are hashed to the same length first)', () => {
    expect(sameSecret(secret, secret)).toBe(true);
    for (const guess of ['', 'f', secret.slice(0, -1), `${secret}0`, secret.toUpperCase(), 'x'.repeat(10_000)]) expect(sameSecret(guess, secret)).toBe(false);
  });
});
