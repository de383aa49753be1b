import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { ConcurrentModification, isDuplicateKeyError, retryOnConflict, type RetryOnConflictOptions, retryTransient } from '@trygg/persistence';
import { outboxForInsert, outboxForUpdate, type OutboxFields, type OutboxRelay } from './outbox';

/**
 * How an aggregate `TState` (with an `id`) is stored: its fields beside `_id`, `version` and the outbox, plus any
 * storage-only fields `TExtra` (e.g. a due time for a scheduler's query).
 */
export type AggregateDocument<TState extends { id: string }, TExtra extends object = object> = Omit<TState, 'id'> &
  TExtra & { _id: string; version: number } & OutboxFields;

/** The aggregate's own fields as stored (what `insert` takes and `update` may `$set`). */
export type AggregateFields<TState extends { id: string }, TExtra extends object = object> = Omit<TState, 'id'> & TExtra;

/** An aggregate as read: its fields with `id`, and the version a conditional write must find. */
export interface LoadedAggregate<TState extends { id: string }, TExtra extends object = object> {
  state: AggregateFields<TState, TExtra> & { id: string };
  version: number;
}

/**
 * What a `change` decided on the current state: the fields to `$set` and the events to tell, or nothing to write.
 * `result` is what `change` returns either way.
 */
export type ChangeDecision<TFields, R> =
  | { set: Partial<TFields>; events?: readonly EventEnvelope[]; result: R }
  | { set?: undefined; events?: undefined; result: R };

/**
 * The one way a service writes an aggregate together with the events about it (docs/decisions/0003): each write
 * stores the change and its events in one single-document write, guarded by `version`, and the relay publishes them
 * right after (its poller recovers what a dead process left behind).
 *
 * The guard is the database's: a conditional update on `version` is atomic per document on MongoDB and on FerretDB 2
 * (DocumentDB), so of two writers — in one process or in two instances — exactly one wins and the other finds
 * nothing to update. `change` re-reads and decides again when it lost; nothing here holds a lock in memory.
 */
export class OutboxAggregateCollection<TState extends { id: string }, TExtra extends object = object> {
  constructor(
    readonly collection: mongo.Collection<AggregateDocument<TState, TExtra>>,
    private readonly relay: Pick<OutboxRelay, 'flush'>,
  ) {}

  /** Stores a new aggregate (version 1) with its first events. false when one with this id exists already. */
  async insert(id: string, fields: AggregateFields<TState, TExtra>, events: readonly EventEnvelope[] = []): Promise<boolean> {
    const doc = { _id: id, ...fields, version: 1, ...outboxForInsert(events) } as AggregateDocument<TState, TExtra>;
    try {
      // (a deadlock between two inserts that collide on a unique index is tried again: the repeat finds the duplicate)
      await retryTransient(() => this.collection.insertOne(doc as mongo.OptionalUnlessRequiredId<AggregateDocument<TState, TExtra>>));
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    this.publishNow(id, events);
    return true;
  }

  /**
   * `$set`s the changed fields and appends the events in one update, only if the document (within `scope`, e.g.
   * its municipality) is still at `expectedVersion`; the version becomes `expectedVersion + 1`.
   * false when nothing matched: somebody wrote since, or the aggregate is not in this scope.
   */
  async update(
    id: string,
    scope: Partial<AggregateFields<TState, TExtra>>,
    expectedVersion: number,
    changes: Partial<AggregateFields<TState, TExtra>>,
    events: readonly EventEnvelope[] = [],
  ): Promise<boolean> {
    return this.write(id, scope, expectedVersion, changes, events, {});
  }

  /**
   * Read → decide → conditional write of one aggregate in `scope`, decided again on the latest state whenever a
   * concurrent writer won (a bounded number of times, then ConcurrentModification). `decide` must be pure: it may run
   * more than once. Returns the decision's result, or undefined when there is no such aggregate in the scope.
   */
  async change<R>(
    id: string,
    scope: Partial<AggregateFields<TState, TExtra>>,
    decide: (current: LoadedAggregate<TState, TExtra>) => ChangeDecision<AggregateFields<TState, TExtra>, R>,
    options?: RetryOnConflictOptions,
  ): Promise<R | undefined> {
    return retryOnConflict(async () => {
      const doc = await this.collection.findOne({ _id: id, ...scope } as mongo.Filter<AggregateDocument<TState, TExtra>>);
      if (!doc) return undefined;
      const current = loadAggregate<TState, TExtra>(doc as AggregateDocument<TState, TExtra>);
      const decision = decide(current);
      if (!decision.set) return decision.result;
      // A document stored before it had an outbox lacks the relay's lease field; the relay only claims documents whose
      // lease has run out (`outboxLeaseUntil < now`), so give it one with its first event.
      const legacy = typeof (doc as Partial<OutboxFields>).outboxLeaseUntil !== 'number' ? { outboxLeaseUntil: 0, outboxLeaseOwner: null } : {};
      const written = await this.write(id, scope, current.version, decision.set, decision.events ?? [], legacy);
      if (!written) throw new ConcurrentModification(this.collection.collectionName, id);
      return decision.result;
    }, options);
  }

  /** One aggregate matching the filter (which should name its scope), or null. */
  async findOne(filter: mongo.Filter<AggregateDocument<TState, TExtra>>): Promise<LoadedAggregate<TState, TExtra> | null> {
    const doc = await this.collection.findOne(filter);
    return doc ? loadAggregate<TState, TExtra>(doc as AggregateDocument<TState, TExtra>) : null;
  }

  private async write(
    id: string,
    scope: Partial<AggregateFields<TState, TExtra>>,
    expectedVersion: number,
    changes: Partial<AggregateFields<TState, TExtra>>,
    events: readonly EventEnvelope[],
    extra: Record<string, unknown>,
  ): Promise<boolean> {
    // Version 0 is a document written before it had one (see loadAggregate).
    const version = expectedVersion === 0 ? { $exists: false } : expectedVersion;
    const filter = { _id: id, ...scope, version } as mongo.Filter<AggregateDocument<TState, TExtra>>;
    const set = { ...changes, ...extra, version: expectedVersion + 1, ...outboxForUpdate(events) };
    delete (set as { _id?: unknown })._id;
    const result = await retryTransient(() => this.collection.updateOne(filter, { $set: set } as mongo.UpdateFilter<AggregateDocument<TState, TExtra>>));
    if (result.matchedCount === 0) return false;
    this.publishNow(id, events);
    return true;
  }

  /** The fast path: publish right after the write (the relay never throws; its poller is the recovery path). */
  private publishNow(id: string, events: readonly EventEnvelope[]): void {
    if (events.length > 0) void this.relay.flush(id);
  }
}

/**
 * The aggregate's fields (with `id`) and its version from its document, without `_id` and the outbox bookkeeping.
 * A document written before it had a version reads as version 0.
 */
export function loadAggregate<TState extends { id: string }, TExtra extends object = object>(
  doc: AggregateDocument<TState, TExtra>,
): LoadedAggregate<TState, TExtra> {
  const { _id, version, outbox: _o, outboxPending: _p, outboxLeaseUntil: _l, outboxLeaseOwner: _w, ...rest } = doc;
  return { state: { id: _id, ...(rest as unknown as AggregateFields<TState, TExtra>) }, version: typeof version === 'number' ? version : 0 };
}
