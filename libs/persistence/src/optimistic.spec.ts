import { ConcurrentModification, retryOnConflict } from './optimistic';

describe('retryOnConflict', () => {
  it('runs the work again after a lost race and returns what the winning attempt returned', async () => {
    let calls = 0;
    const result = await retryOnConflict(async () => {
      calls += 1;
      if (calls < 3) throw new ConcurrentModification('group', 'g1');
      return `attempt ${calls}`;
    }, { jitterMs: 1 });
    expect(result).toBe('attempt 3');
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt with the conflict itself', async () => {
    let calls = 0;
    const work = async () => {
      calls += 1;
      throw new ConcurrentModification('instance', 'i1');
    };
    await expect(retryOnConflict(work, { attempts: 4, jitterMs: 1 })).rejects.toThrow('instance i1 was changed by someone else at the same time');
    expect(calls).toBe(4);
  });

  it('does not retry any other error', async () => {
    let calls = 0;
    const work = async () => {
      calls += 1;
      throw new Error('not found');
    };
    await expect(retryOnConflict(work, { jitterMs: 1 })).rejects.toThrow('not found');
    expect(calls).toBe(1);
  });
});
