import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { isDuplicateKeyError } from '@trygg/persistence';
import { outboxForInsert, outboxForUpdate, type OutboxFields, type OutboxRelay } from './outbox';

/**
 * How an aggregate `TState` (with an `id`) is stored: its fields beside `_id`, `version` and the outbox, plus any
 * storage-only fields `TExtra` (e.g. a due time for a scheduler's query).
 */
export type AggregateDocument<TState extends { id: string }, TExtra extends object = object> = Omit<TState, 'id'> &
  TExtra & { _id: string; version: number } & OutboxFields;

/** The aggregate's own fields as stored (what `insert` takes and `update` may `$set`). */
export type AggregateFields<TState extends { id: string }, TExtra extends object = object> = Omit<TState, 'id'> & TExtra;

/**
 * One collection of aggregates that carry their own outbox (docs/decisions/0003-outbox-in-the-aggregate.md):
 * each write stores the change and its events in one single-document write, guarded by `version`, and the relay
 * publishes them right after.
 *
 * Writes to one aggregate must run inside `exclusive(id, …)`: the lock is the relay's own `KeyedMutex`, because
 * FerretDB v1 does not make a conditional update atomic against a concurrent writer (the relay's clean-up included).
 * Publishing is deferred to the next tick so that it runs after the caller's lock is released (the relay takes it).
 */
export class OutboxAggregateCollection<TState extends { id: string }, TExtra extends object = object> {
  constructor(
    readonly collection: mongo.Collection<AggregateDocument<TState, TExtra>>,
    private readonly relay: OutboxRelay,
  ) {}

  /** Runs work for one aggregate at a time in this process, serialised with the relay's publishing of it. */
  exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.relay.locks.runExclusive(id, work);
  }

  /** Stores a new aggregate (version 1) with its first events. false when one with this id exists already. */
  async insert(id: string, fields: AggregateFields<TState, TExtra>, events: readonly EventEnvelope[] = []): Promise<boolean> {
    const doc = { _id: id, ...fields, version: 1, ...outboxForInsert(events) } as AggregateDocument<TState, TExtra>;
    try {
      await this.collection.insertOne(doc as mongo.OptionalUnlessRequiredId<AggregateDocument<TState, TExtra>>);
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    this.publishSoon(id, events);
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
    const filter = { _id: id, ...scope, version: expectedVersion } as mongo.Filter<AggregateDocument<TState, TExtra>>;
    const set = { ...changes, version: expectedVersion + 1, ...outboxForUpdate(events) };
    const result = await this.collection.updateOne(filter, { $set: set } as mongo.UpdateFilter<AggregateDocument<TState, TExtra>>);
    if (result.matchedCount === 0) return false;
    this.publishSoon(id, events);
    return true;
  }

  private publishSoon(id: string, events: readonly EventEnvelope[]): void {
    if (events.length > 0) setImmediate(() => void this.relay.flush(id));
  }
}

/** The aggregate's fields (with `id`) and its version from its document, without `_id` and the outbox bookkeeping. */
export function loadAggregate<TState extends { id: string }, TExtra extends object = object>(
  doc: AggregateDocument<TState, TExtra>,
): { state: AggregateFields<TState, TExtra> & { id: string }; version: number } {
  const { _id, version, outbox: _o, outboxPending: _p, outboxLeaseUntil: _l, outboxLeaseOwner: _w, ...rest } = doc;
  return { state: { id: _id, ...(rest as unknown as AggregateFields<TState, TExtra>) }, version };
}
