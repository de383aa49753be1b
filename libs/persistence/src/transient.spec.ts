import { isTransientWriteError, retryTransient } from './transient';

const deadlock = Object.assign(new Error('deadlock detected'), { code: 16908292 });

describe('retryTransient', () => {
  it('tries a write again while the database reports a deadlock or write conflict, then returns its result', async () => {
    const outcomes: unknown[] = [deadlock, Object.assign(new Error('WriteConflict'), { code: 112 }), 'written'];
    let calls = 0;
    const result = await retryTransient(async () => {
      const next = outcomes[calls++];
      if (next instanceof Error) throw next;
      return next;
    });
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('does not repeat other errors (a duplicate key is an answer, not a collision)', async () => {
    let calls = 0;
    const duplicate = Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
    await expect(
      retryTransient(async () => {
        calls++;
        throw duplicate;
      }),
    ).rejects.toBe(duplicate);
    expect(calls).toBe(1);
  });

  it('gives up after the given number of attempts with the last error', async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw deadlock;
      }, 3),
    ).rejects.toBe(deadlock);
    expect(calls).toBe(3);
  });

  it('recognises the errors by code, label and message', () => {
    expect(isTransientWriteError(deadlock)).toBe(true);
    expect(isTransientWriteError({ code: 2, message: 'bad value' })).toBe(false);
    expect(isTransientWriteError({ hasErrorLabel: (l: string) => l === 'TransientTransactionError' })).toBe(true);
    expect(isTransientWriteError(undefined)).toBe(false);
  });
});
