import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { type AuditRecord, AuditTrail } from '@trygg/audit';
import { currentCorrelationId } from '@trygg/observability';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import type { AuditEntry } from '../application/ports';

/**
 * Every staff and police decision, and every resident's own change: the hash-chained audit trail of `@trygg/audit`
 * in the `audit` collection (`npm run audit:verify -- enrolment`).
 */
export class MongoAuditLog implements AuditLog<AuditEntry> {
  private readonly trail: AuditTrail;

  constructor(collection: mongo.Collection<AuditRecord>, clock: Clock = systemClock) {
    this.trail = new AuditTrail(collection, { clock });
  }

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  ensureIndexes(): Promise<void> {
    return this.trail.ensureIndexes();
  }

  async record(entry: AuditEntry): Promise<void> {
    const { correlationId, ...rest } = entry;
    // The request's or event's correlation id (the HTTP middleware and the event consumer set it); a timer's run has none.
    await this.trail.append({ ...rest, correlationId: correlationId ?? currentCorrelationId() ?? `enrolment:${randomUUID()}` });
  }

  /** A subject's records in one municipality, newest first. */
  list(municipalityId: string, subjectId: string, limit = 100): Promise<AuditRecord[]> {
    return this.trail.find({ municipalityId, subjectId, limit });
  }
}
