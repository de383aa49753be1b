import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, OutboxAggregateCollection, outboxForUpdate, type OutboxRelay } from '@trygg/messaging';
import type { ScopedFilter } from '@trygg/persistence';
import { MongoStepWorkStore } from '@trygg/step-worker';
import type { CaseStore } from '../application/ports';
import type { PoliceCase } from '../domain/police-case';

export const CASES_COLLECTION = 'cases';
/** Every police decision is audited in this hash-chained trail (@trygg/audit) with `action: police-decision`. */
export const AUDIT_COLLECTION = 'audit_trail';

type CaseDocument = AggregateDocument<PoliceCase>;

/**
 * Police cases with their outbox. Scoped by police area (an officer sees only their area); the area belongs to one
 * or more municipalities, and every case also carries its municipalityId.
 */
export class MongoCaseStore extends MongoStepWorkStore<PoliceCase> implements CaseStore {
  private readonly revocations: OutboxAggregateCollection<PoliceCase>;

  constructor(
    private readonly cases: mongo.Collection<CaseDocument>,
    private readonly relay: OutboxRelay,
  ) {
    super(cases, relay, { scopeField: 'policeAreaId', orderBy: 'openedAt', indexName: 'area_status' });
    this.revocations = new OutboxAggregateCollection(cases as never, relay);
  }

  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes();
    // The housekeeping's overdue cases of a municipality (pending, opened before the target's cutoff).
    await this.cases.createIndex({ municipalityId: 1, status: 1, openedAt: 1 }, { name: 'municipality_status_opened' });
  }

  async overdueWithoutReminder(municipalityId: string, openedAtOrBefore: string, limit: number): Promise<PoliceCase[]> {
    // `{ field: null }` also matches a case stored before the field existed.
    const filter: ScopedFilter<CaseDocument> = { municipalityId, status: 'pending', openedAt: { $lte: openedAtOrBefore }, overdueReminderSentAt: null };
    const docs = await this.cases.find(filter as mongo.Filter<CaseDocument>, { sort: { openedAt: 1 }, limit }).toArray();
    return docs.map((d) => loadAggregate<PoliceCase>(d as CaseDocument).state as PoliceCase);
  }

  async markReminderSent(caseId: string, at: string, events: EventEnvelope[]): Promise<boolean> {
    // One conditional single-document update: the reminder's time and its events (outbox) together, only while no
    // reminder is recorded and the case is pending. Atomic per document on MongoDB and FerretDB, so of two instances
    // exactly one matches. The version is left alone: the decision's fields are not touched, so an officer deciding
    // at the same moment is not made to retry.
    const result = await this.cases.updateOne(
      { _id: caseId, status: 'pending', overdueReminderSentAt: null } as mongo.Filter<CaseDocument>,
      { $set: { overdueReminderSentAt: at, ...outboxForUpdate(events) } } as mongo.UpdateFilter<CaseDocument>,
    );
    if (result.modifiedCount === 0) return false;
    if (events.length > 0) void this.relay.flush(caseId);
    return true;
  }

  async decidedSince(policeAreaId: string, since: string): Promise<PoliceCase[]> {
    // Scoped by the police area (the officer's), as every other query of an officer's.
    const filter = { policeAreaId, status: 'decided', 'decision.decidedAt': { $gte: since } };
    const docs = await this.cases.find(filter as mongo.Filter<CaseDocument>, { projection: { subjectFields: 0, outbox: 0 } }).toArray();
    return docs.map((d) => loadAggregate<PoliceCase>(d as CaseDocument).state as PoliceCase);
  }

  /** Only the standing decision and the history are `$set`, conditional on the version (and the area) read. */
  async saveRevocation(policeCase: PoliceCase, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    return this.revocations.update(policeCase.id, { policeAreaId: policeCase.policeAreaId }, expectedVersion, { decision: policeCase.decision, decisionHistory: policeCase.decisionHistory ?? [] }, events);
  }
}
