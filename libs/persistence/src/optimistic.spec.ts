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

describe('retryOnConflict with a crowd on one document', () => {
  /** One versioned document; a write takes a few ms between its read and its conditional write, like a database round trip. */
  function document() {
    let version = 0;
    const members: number[] = [];
    return {
      members,
      async join(who: number) {
        const read = version;
        await new Promise((resolve) => setTimeout(resolve, 3));
        if (version !== read) throw new ConcurrentModification('group', 'g1');
        version += 1;
        members.push(who);
      },
    };
  }

  it('lets 30 writers that all start at once through with the default attempts (the window doubles with each lost race)', async () => {
    const group = document();
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => retryOnConflict(() => group.join(i))));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect([...group.members].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});
