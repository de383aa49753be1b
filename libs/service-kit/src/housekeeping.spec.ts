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

  it('never runs two rounds at once', async () => {
    let active = 0;
    let most = 0;
    let rounds = 0;
    let release: () => void = () => undefined;
    const housekeeping = new Housekeeping(
      {
        slow: async () => {
          active++;
          most = Math.max(most, active);
          await new Promise<void>((resolve) => (release = resolve));
          active--;
          rounds++;
          return 0;
        },
      },
      1,
      logger,
    );
    const all = Promise.all([housekeeping.runOnce(), housekeeping.runOnce(), housekeeping.runOnce()]);
    release();
    await all;
    expect(most).toBe(1);
    expect(rounds).toBe(1);
  });

  it('runs a round at once and then every interval once started, and none after it stopped', async () => {
    jest.useFakeTimers();
    try {
      let rounds = 0;
      const housekeeping = new Housekeeping({ count: async () => (rounds++, 0) }, 1000, logger);
      housekeeping.start();
      housekeeping.start(); // idempotent: still one timer
      await jest.advanceTimersByTimeAsync(0);
      expect(rounds).toBe(1);
      await jest.advanceTimersByTimeAsync(1000);
      expect(rounds).toBe(2);
      await jest.advanceTimersByTimeAsync(2000);
      expect(rounds).toBe(4);
      housekeeping.stop();
      await jest.advanceTimersByTimeAsync(5000);
      expect(rounds).toBe(4);
    } finally {
      jest.useRealTimers();
    }
  });
});
