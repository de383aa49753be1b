import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { type AuditQuery, type AuditRecord, AuditTrail } from '@trygg/audit';
import { currentCorrelationId } from '@trygg/observability';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import type { AuditEntry } from '../application/ports';
import type { AuditRecordSource } from '@trygg/service-kit';

/**
 * Every staff and police decision, and every resident's own change: the hash-chained audit trail of `@trygg/audit`
 * in the `audit` collection (`npm run audit:verify -- enrolment`).
 */
export class MongoAuditLog implements AuditLog<AuditEntry>, AuditRecordSource {
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

  /** Newest first (`GET /audit`); `municipalityId` left out: every municipality's (an admin's query). */
  find(query: AuditQuery): Promise<AuditRecord[]> {
    return this.trail.find(query);
  }
}
