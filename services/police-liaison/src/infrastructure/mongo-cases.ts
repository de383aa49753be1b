import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import type { ScopedFilter } from '@trygg/persistence';
import type { CaseStore, DecisionAudit } from '../application/cases';
import type { PoliceCase } from '../domain/police-case';

export const CASES_COLLECTION = 'cases';
type CaseDocument = AggregateDocument<PoliceCase>;

/**
 * Police cases with their outbox. Scoped by police area (an officer sees only their area); the area belongs to one
 * or more municipalities, and every case also carries its municipalityId.
 */
export class MongoCaseStore implements CaseStore {
  private readonly aggregates: OutboxAggregateCollection<PoliceCase>;

  constructor(
    private readonly collection: mongo.Collection<CaseDocument>,
    relay: OutboxRelay,
  ) {
    this.aggregates = new OutboxAggregateCollection(collection, relay);
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ policeAreaId: 1, status: 1 }, { name: 'area_status' });
  }

  exclusive<T>(caseId: string, work: () => Promise<T>): Promise<T> {
    return this.aggregates.exclusive(caseId, work);
  }

  async insert(policeCase: PoliceCase): Promise<boolean> {
    const { id, ...rest } = policeCase;
    return this.aggregates.insert(id, rest);
  }

  async find(policeAreaId: string, caseId: string) {
    const doc = await this.collection.findOne({ _id: caseId, policeAreaId });
    return doc ? { policeCase: toCase(doc), version: doc.version } : undefined;
  }

  async pending(policeAreaId: string): Promise<PoliceCase[]> {
    const docs = await this.collection.find({ policeAreaId, status: 'pending' }).toArray();
    return docs.map(toCase).sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  }

  async forgetPerson(municipalityId: string, personId: string): Promise<number> {
    const filter: ScopedFilter<CaseDocument> = { municipalityId, 'subject.personId': personId };
    const result = await this.collection.updateMany(filter as mongo.Filter<CaseDocument>, { $set: { subjectFields: {} } });
    return result.modifiedCount;
  }

  async saveDecision(policeCase: PoliceCase, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    const scope = { policeAreaId: policeCase.policeAreaId };
    return this.aggregates.update(policeCase.id, scope, expectedVersion, { status: policeCase.status, decision: policeCase.decision }, events);
  }
}

function toCase(doc: CaseDocument): PoliceCase {
  return loadAggregate<PoliceCase>(doc).state;
}

/** Append-only audit of every police decision. */
export class MongoDecisionAudit implements DecisionAudit {
  constructor(private readonly collection: mongo.Collection) {}

  async record(entry: Parameters<DecisionAudit['record']>[0]): Promise<void> {
    await this.collection.insertOne({ ...entry, action: 'police-decision' });
  }
}
