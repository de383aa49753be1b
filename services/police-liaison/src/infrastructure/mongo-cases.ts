import type { mongo } from 'mongoose';
import type { AggregateDocument, OutboxRelay } from '@trygg/messaging';
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
  constructor(collection: mongo.Collection<AggregateDocument<PoliceCase>>, relay: OutboxRelay) {
    super(collection, relay, { scopeField: 'policeAreaId', orderBy: 'openedAt', indexName: 'area_status' });
  }
}
