import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { outboxForInsert, type OutboxFields, type OutboxRelay } from '@trygg/messaging';
import { isDuplicateKeyError, type ScopedFilter } from '@trygg/persistence';
import type { AuditEntry, AuditLog } from '../application/ports';

export const AUDIT_COLLECTION = 'audit';

type AuditDocument = Omit<AuditEntry, 'id'> & { _id: string; version: number } & OutboxFields;

/** Every decision on a step, append-only; the step-completed event it causes leaves from the same document. */
export class MongoAuditLog implements AuditLog {
  constructor(
    private readonly collection: mongo.Collection<AuditDocument>,
    private readonly relay: OutboxRelay,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, instanceId: 1 }, { name: 'municipality_instance' });
  }

  async record(entry: AuditEntry, events: EventEnvelope[]): Promise<void> {
    const { id, ...rest } = entry;
    try {
      await this.collection.insertOne({ _id: id, ...rest, version: 1, ...outboxForInsert(events) });
    } catch (error) {
      if (isDuplicateKeyError(error)) return;
      throw error;
    }
    if (events.length) void this.relay.flush(id);
  }

  async has(municipalityId: string, id: string): Promise<boolean> {
    const filter: ScopedFilter<AuditDocument> = { _id: id, municipalityId };
    return (await this.collection.findOne(filter as mongo.Filter<AuditDocument>, { projection: { _id: 1 } })) !== null;
  }
}
