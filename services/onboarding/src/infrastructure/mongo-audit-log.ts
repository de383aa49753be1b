import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import type { ScopedFilter } from '@trygg/persistence';
import type { AuditEntry, AuditLog } from '../application/ports';

export const AUDIT_COLLECTION = 'audit';

type AuditDocument = AggregateDocument<AuditEntry>;

/** Every decision on a step, append-only; the step-completed event it causes leaves from the same document. */
export class MongoAuditLog implements AuditLog {
  private readonly entries: OutboxAggregateCollection<AuditEntry>;

  constructor(
    private readonly collection: mongo.Collection<AuditDocument>,
    relay: OutboxRelay,
  ) {
    this.entries = new OutboxAggregateCollection(collection, relay);
  }

  /** Called by ServiceLifecycle once MongoDB is connected. */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, instanceId: 1 }, { name: 'municipality_instance' });
  }

  async record(entry: AuditEntry, events: EventEnvelope[]): Promise<void> {
    const { id, ...rest } = entry;
    // A duplicate (the same decision recorded again) is already stored with its events: nothing to do.
    await this.entries.insert(id, rest, events);
  }

  async has(municipalityId: string, id: string): Promise<boolean> {
    const filter: ScopedFilter<AuditDocument> = { _id: id, municipalityId };
    return (await this.collection.findOne(filter as mongo.Filter<AuditDocument>, { projection: { _id: 1 } })) !== null;
  }
}
