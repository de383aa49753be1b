import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { outboxForInsert, outboxForUpdate, type OutboxFields, type OutboxRelay } from '@trygg/messaging';
import type { ScopedFilter } from '@trygg/persistence';
import type { Mutation } from '../application/ports';

export class ConcurrentModification extends Error {
  constructor(collection: string, id: string) {
    super(`${collection} ${id} was changed by another process; try again`);
    this.name = 'ConcurrentModification';
  }
}

export type StoredDocument = mongo.Document & { _id: string; municipalityId: string; version: number } & Partial<OutboxFields>;

/**
 * One aggregate per document, with its pending events in the same document (outbox, docs/decisions/0003).
 * Every read-modify-write of one aggregate runs under the KeyedMutex it shares with its OutboxRelay, so within
 * this process a write and the relay's clean-up of that document never interleave (FerretDB v1's conditional
 * updates are not atomic). `version` still guards against another process (matched 0 → ConcurrentModification).
 */
export class AggregateStore<T extends { id: string; municipalityId: string }> {
  constructor(
    readonly collection: mongo.Collection<StoredDocument>,
    private readonly relay: OutboxRelay,
    private readonly toDocument: (aggregate: T) => Record<string, unknown>,
    private readonly fromDocument: (document: StoredDocument) => T,
  ) {}

  async insert(aggregate: T, events: EventEnvelope[]): Promise<void> {
    const document = { ...this.toDocument(aggregate), _id: aggregate.id, version: 1, ...outboxForInsert(events) } as StoredDocument;
    await this.relay.locks.runExclusive(aggregate.id, () => this.collection.insertOne(document));
    // Fast path: publish now. If this process dies first, the relay's poller publishes it later.
    if (events.length) void this.relay.flush(aggregate.id);
  }

  async find(filter: ScopedFilter<StoredDocument>, options: { limit?: number } = {}): Promise<T[]> {
    const documents = await this.collection.find(filter as mongo.Filter<StoredDocument>, { limit: options.limit ?? 5000 }).toArray();
    return documents.map((d) => this.fromDocument(d));
  }

  async findOne(filter: ScopedFilter<StoredDocument>): Promise<T | null> {
    const document = await this.collection.findOne(filter as mongo.Filter<StoredDocument>);
    return document ? this.fromDocument(document) : null;
  }

  /** Runs the mutation on the latest state under the aggregate's lock; returns the state after it (or null: not found). */
  async update(municipalityId: string, id: string, mutation: Mutation<T>): Promise<T | null> {
    let published = false;
    const result = await this.relay.locks.runExclusive(id, async () => {
      const document = await this.collection.findOne({ _id: id, municipalityId } as mongo.Filter<StoredDocument>);
      if (!document) return null;
      const current = this.fromDocument(document);
      const change = mutation(current);
      if (!change) return current;
      const set = { ...this.toDocument(change.next), version: document.version + 1, ...outboxForUpdate(change.events) };
      delete (set as { _id?: unknown })._id;
      const written = await this.collection.updateOne({ _id: id, municipalityId, version: document.version } as mongo.Filter<StoredDocument>, { $set: set } as mongo.UpdateFilter<StoredDocument>);
      if (written.matchedCount === 0) throw new ConcurrentModification(this.collection.collectionName, id);
      published = change.events.length > 0;
      return change.next;
    });
    if (published) void this.relay.flush(id);
    return result;
  }
}

/** `{ id, ...rest }` ↔ `{ _id, ...rest }`, dropping the storage-only fields. */
export function withoutStorageFields<T>(document: StoredDocument): T {
  const { _id, version: _version, outbox: _outbox, outboxPending: _pending, outboxLeaseUntil: _lease, outboxLeaseOwner: _owner, ...rest } = document;
  return { id: _id, ...rest } as T;
}
