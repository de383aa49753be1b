import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { outboxForInsert, outboxForUpdate, type OutboxFields, type OutboxRelay } from '@trygg/messaging';
import { isDuplicateKeyError, type ScopedFilter } from '@trygg/persistence';
import type { CaseStore, DecisionAudit } from '../application/cases';
import type { PoliceCase } from '../domain/police-case';

export const CASES_COLLECTION = 'cases';
type CaseDocument = Omit<PoliceCase, 'id'> & { _id: string; version: number } & OutboxFields;

/**
 * Police cases with their outbox. Scoped by police area (an officer sees only their area); the area belongs to one
 * or more municipalities, and every case also carries its municipalityId.
 */
export class MongoCaseStore implements CaseStore {
  constructor(
    private readonly collection: mongo.Collection<CaseDocument>,
    private readonly relay: OutboxRelay,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ policeAreaId: 1, status: 1 }, { name: 'area_status' });
  }

  exclusive<T>(caseId: string, work: () => Promise<T>): Promise<T> {
    return this.relay.locks.runExclusive(caseId, work);
  }

  async insert(policeCase: PoliceCase): Promise<boolean> {
    const { id, ...rest } = policeCase;
    try {
      await this.collection.insertOne({ _id: id, ...rest, version: 1, ...outboxForInsert([]) });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
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
    const result = await this.collection.updateOne(
      { _id: policeCase.id, policeAreaId: policeCase.policeAreaId, version: expectedVersion },
      { $set: { status: policeCase.status, decision: policeCase.decision, version: expectedVersion + 1, ...outboxForUpdate(events) } } as mongo.UpdateFilter<CaseDocument>,
    );
    if (result.matchedCount === 0) return false;
    setImmediate(() => void this.relay.flush(policeCase.id));
    return true;
  }
}

function toCase(doc: CaseDocument): PoliceCase {
  const { _id, version: _v, outbox: _o, outboxPending: _p, outboxLeaseUntil: _l, outboxLeaseOwner: _w, ...rest } = doc;
  return { id: _id, ...rest };
}

/** Append-only audit of every police decision. */
export class MongoDecisionAudit implements DecisionAudit {
  constructor(private readonly collection: mongo.Collection) {}

  async record(entry: Parameters<DecisionAudit['record']>[0]): Promise<void> {
    await this.collection.insertOne({ ...entry, action: 'police-decision' });
  }
}
