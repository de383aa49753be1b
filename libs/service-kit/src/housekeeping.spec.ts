import { createLogger } from '@trygg/observability';
import { Housekeeping } from './housekeeping';

const logger = createLogger('housekeeping-spec', 'silent');

describe('Housekeeping', () => {
  it('runs every task each round; a failing task does not stop the others and is tried again next round', async () => {
    const calls: string[] = [];
    let failures = 1;
    const housekeeping = new Housekeeping(
      {
        flaky: async () => {
          calls.push('flaky');
          if (failures-- > 0) throw new Error('database away');
          return 1;
        },
        steady: async () => {
          calls.push('steady');
          return 0;
        },
      },
      60_000,
      logger,
    );
    await housekeeping.runOnce();
    await housekeeping.runOnce();
    expect(calls).toEqual(['flaky', 'steady', 'flaky', 'steady']);
  });

  it('never runs two rounds at once, and stops', async () => {
    let active = 0;
    let most = 0;
    let rounds = 0;
    const housekeeping = new Housekeeping(
      {
        slow: async () => {
          active++;
          most = Math.max(most, active);
          await new Promise((resolve) => setTimeout(resolve, 20));
          active--;
          rounds++;
          return 0;
        },
      },
      1,
      logger,
    );
    await Promise.all([housekeeping.runOnce(), housekeeping.runOnce(), housekeeping.runOnce()]);
    expect(most).toBe(1);
    expect(rounds).toBe(1);
    housekeeping.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    housekeeping.stop();
    const after = rounds;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(after).toBeGreaterThan(1);
    expect(rounds - after).toBeLessThanOrEqual(1); // at most the round that was running when stopped
  });
});
