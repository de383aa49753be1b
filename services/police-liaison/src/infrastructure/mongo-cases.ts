import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import { MongoStepWorkStore } from '@trygg/step-worker';
import type { CaseStore } from '../application/ports';
import type { PoliceCase } from '../domain/police-case';

export const CASES_COLLECTION = 'cases';
/** Every police decision is audited in this hash-chained trail (@trygg/audit) with `action: police-decision`. */
export const AUDIT_COLLECTION = 'audit_trail';

/**
 * Police cases with their outbox. Scoped by police area (an officer sees only their area); the area belongs to one
 * or more municipalities, and every case also carries its municipalityId.
 */
export class MongoCaseStore extends MongoStepWorkStore<PoliceCase> implements CaseStore {
  private readonly revocations: OutboxAggregateCollection<PoliceCase>;

  constructor(collection: mongo.Collection<AggregateDocument<PoliceCase>>, relay: OutboxRelay) {
    super(collection, relay, { scopeField: 'policeAreaId', orderBy: 'openedAt', indexName: 'area_status' });
    this.revocations = new OutboxAggregateCollection(collection, relay);
  }

  /** Only the standing decision and the history are `$set`, conditional on the version (and the area) read. */
  async saveRevocation(policeCase: PoliceCase, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    return this.revocations.update(policeCase.id, { policeAreaId: policeCase.policeAreaId }, expectedVersion, { decision: policeCase.decision, decisionHistory: policeCase.decisionHistory ?? [] }, events);
  }
}
