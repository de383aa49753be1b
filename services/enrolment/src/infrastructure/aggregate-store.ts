import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, OutboxAggregateCollection, type OutboxFields, type OutboxRelay } from '@trygg/messaging';
import type { ScopedFilter } from '@trygg/persistence';
import type { Mutation } from '../application/ports';

export type StoredDocument = mongo.Document & { _id: string; municipalityId: string; version: number } & Partial<OutboxFields>;

/**
 * Enrolment's aggregates (registrations, groups) on libs/messaging's OutboxAggregateCollection — the one write path
 * with the outbox and the version guard (docs/decisions/0003) — with the mapping between the domain object and its
 * document (e.g. a group's `personIds` kept beside it for look-ups).
 */
export class AggregateStore<T extends { id: string; municipalityId: string }> {
  private readonly aggregates: OutboxAggregateCollection<{ id: string; municipalityId: string }>;

  constructor(
    readonly collection: mongo.Collection<StoredDocument>,
    relay: Pick<OutboxRelay, 'flush'>,
    private readonly toDocument: (aggregate: T) => Record<string, unknown>,
    private readonly fromDocument: (document: StoredDocument) => T,
  ) {
    this.aggregates = new OutboxAggregateCollection(collection as unknown as mongo.Collection<AggregateDocument<{ id: string; municipalityId: string }>>, relay);
  }

  /** false when a document with this id, or with the same value of a unique index, exists already. */
  insert(aggregate: T, events: EventEnvelope[]): Promise<boolean> {
    return this.aggregates.insert(aggregate.id, this.toDocument(aggregate) as { municipalityId: string }, events);
  }

  async find(filter: ScopedFilter<StoredDocument>, options: { limit?: number } = {}): Promise<T[]> {
    const documents = await this.collection.find(filter as mongo.Filter<StoredDocument>, { limit: options.limit ?? 5000 }).toArray();
    return documents.map((d) => this.fromDocument(d));
  }

  async findOne(filter: ScopedFilter<StoredDocument>): Promise<T | null> {
    const document = await this.collection.findOne(filter as mongo.Filter<StoredDocument>);
    return document ? this.fromDocument(document) : null;
  }

  /**
   * Runs the mutation on the latest state and writes the result if nobody wrote since it was read — else reads and
   * runs it again (the mutation must be pure). Returns the state after it, or null: not found in the municipality.
   */
  async update(municipalityId: string, id: string, mutation: Mutation<T>): Promise<T | null> {
    const result = await this.aggregates.change(id, { municipalityId }, ({ state, version }) => {
      const { id: _id, ...fields } = state;
      const current = this.fromDocument({ _id, ...fields, version } as StoredDocument);
      const change = mutation(current);
      if (!change) return { result: current };
      const { _id: _ignored, ...set } = this.toDocument(change.next) as Record<string, unknown> & { _id?: unknown };
      return { set: set as { municipalityId: string }, events: change.events, result: change.next };
    });
    return result ?? null;
  }
}

/** `{ id, ...rest }` ↔ `{ _id, ...rest }`, dropping the storage-only fields. */
export function withoutStorageFields<T>(document: StoredDocument): T {
  const { _id, version: _version, outbox: _outbox, outboxPending: _pending, outboxLeaseUntil: _lease, outboxLeaseOwner: _owner, ...rest } = document;
  return { id: _id, ...rest } as T;
}
