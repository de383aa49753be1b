import { KeyedMutex } from './keyed-mutex';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedMutex', () => {
  it('runs work of one key one at a time, in arrival order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([mutex.runExclusive('a', job('1')), mutex.runExclusive('a', job('2')), mutex.runExclusive('a', job('3'))]);
    expect(results).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(mutex.size).toBe(0);
  });

  it('runs different keys side by side', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    await Promise.all(
      ['a', 'b'].map((key) =>
        mutex.runExclusive(key, async () => {
          log.push(`start ${key}`);
          await tick();
          log.push(`end ${key}`);
        }),
      ),
    );
    expect(log.slice(0, 2).sort()).toEqual(['start a', 'start b']);
  });

  it('goes on with the next work after one fails, and passes the failure to its caller', async () => {
    const mutex = new KeyedMutex();
    const failing = mutex.runExclusive('a', async () => {
      throw new Error('boom');
    });
    const next = mutex.runExclusive('a', async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
