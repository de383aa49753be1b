import type { mongo } from 'mongoose';
import { type AuditEntry, type AuditRecord, AuditTrail } from '@trygg/audit';
import type { ErasureAudit } from '../application/ports';

/** The audit trail's collection in the volunteers database (`npm run audit:verify -- volunteers`). */
export const AUDIT_COLLECTION = 'audit_trail';

/** Every staff decision on a walker (so far: the erasure): the hash-chained audit trail of `@trygg/audit`. */
export class MongoErasureAudit implements ErasureAudit {
  private readonly trail: AuditTrail;

  constructor(collection: mongo.Collection<AuditRecord>) {
    this.trail = new AuditTrail(collection);
  }

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.trail.ensureIndexes();
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.trail.append(entry);
  }
}
