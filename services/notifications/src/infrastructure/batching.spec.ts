import { Coalescer } from './batching';

const tick = () => new Promise((r) => setImmediate(r));

describe('Coalescer', () => {
  it('sends calls made in the same turn as one batch and gives each caller its own answer, in order', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, number>(async (xs) => {
      batches.push(xs);
      return xs.map((x) => x * 10);
    });
    await expect(Promise.all([c.call(1), c.call(2), c.call(3)])).resolves.toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('sends a lone call at once, alone', async () => {
    const batches: number[][] = [];
    const c = new Coalescer<number, number>(async (xs) => (batches.push(xs), xs));
    await c.call(7);
    await c.call(8);
    expect(batches).toEqual([[7], [8]]);
  });

  it('queues calls while maxInFlight batches are at the database, then sends them together (at most maxBatch)', async () => {
    const batches: number[][] = [];
    const release: Array<() => void> = [];
    const c = new Coalescer<number, number>(
      async (xs) => {
        batches.push(xs);
        await new Promise<void>((r) => release.push(r));
        return xs;
      },
      { maxBatch: 2, maxInFlight: 1 },
    );
    const first = c.call(1);
    await tick();
    const rest = [c.call(2), c.call(3), c.call(4)];
    await tick();
    expect(batches).toEqual([[1]]); // 2, 3, 4 wait for the batch in flight
    release.shift()!();
    await first;
    await tick();
    expect(batches).toEqual([[1], [2, 3]]);
    release.shift()!();
    await tick();
    await tick();
    release.shift()!();
    await expect(Promise.all(rest)).resolves.toEqual([2, 3, 4]);
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });

  it('fails every call of a failing batch, and goes on with the next', async () => {
    let fail = true;
    const c = new Coalescer<number, number>(async (xs) => {
      if (fail) throw new Error('database away');
      return xs;
    });
    const results = await Promise.allSettled([c.call(1), c.call(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(c.call(3)).resolves.toBe(3);
  });
});
