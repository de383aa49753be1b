/**
 * Write errors a database reports when two concurrent writers collided and the write may simply be tried again:
 * MongoDB's WriteConflict (112) or an error labelled TransientTransactionError, and FerretDB 2's deadlock (PostgreSQL
 * aborts one of two inserts that wait on each other's unique-index entries; code 16908292, "deadlock detected").
 */
export function isTransientWriteError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; errorLabelSet?: unknown; hasErrorLabel?: (label: string) => boolean };
  if (e.code === 112 || e.code === 16908292) return true;
  if (typeof e.hasErrorLabel === 'function' && e.hasErrorLabel('TransientTransactionError')) return true;
  return typeof e.message === 'string' && /deadlock detected|could not serialize access/i.test(e.message);
}

/**
 * Runs one single-document write again (up to `attempts` times, with a short random pause) while the database
 * reports a transient collision. Only for writes that are safe to repeat: an insert (a repeat finds its own duplicate
 * key) or a conditional update (a repeat finds the version moved on).
 */
export async function retryTransient<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isTransientWriteError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt * (0.5 + Math.random())));
    }
  }
}
