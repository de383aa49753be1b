import type { mongo } from 'mongoose';
import type { AuditLog } from '@trygg/values';
import type { AuditEntry } from '../application/ports';

/** Every staff and police decision, and every resident's own change, append-only. */
export class MongoAuditLog implements AuditLog<AuditEntry> {
  constructor(private readonly collection: mongo.Collection<AuditEntry>) {}

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, 'subject.id': 1 }, { name: 'municipality_subject' });
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.collection.insertOne({ ...entry });
  }

  list(municipalityId: string, subjectId: string): Promise<AuditEntry[]> {
    return this.collection.find({ municipalityId, 'subject.id': subjectId }, { projection: { _id: 0 } }).toArray() as Promise<AuditEntry[]>;
  }
}
