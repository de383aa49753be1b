import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { outboxForInsert, outboxForUpdate, type OutboxFields, type OutboxRelay } from '@trygg/messaging';
import { isDuplicateKeyError, type ScopedFilter } from '@trygg/persistence';
import { ConcurrencyConflict, type InstanceRepository, type StoredInstance } from '../application/ports';
import type { SubjectKind } from '../domain/definition';
import type { Instance } from '../domain/engine';

export const INSTANCES_COLLECTION = 'instances';

/** The instance aggregate: state, timeline and its pending events (outbox) in one document. */
export type InstanceDocument = Omit<Instance, 'id'> & {
  _id: string;
  version: number;
  /** Epoch ms of the next reminder or timeout (null when none): the periodic check's query. */
  nextDueAt: number | null;
  appliedEventIds: string[];
} & OutboxFields;

const APPLIED_KEPT = 50;

export class MongoInstanceRepository implements InstanceRepository {
  constructor(
    private readonly collection: mongo.Collection<InstanceDocument>,
    private readonly relay: OutboxRelay,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, kind: 1, 'subject.id': 1 }, { name: 'municipality_subject' });
    await this.collection.createIndex({ status: 1, nextDueAt: 1 }, { name: 'status_due' });
  }

  exclusive<T>(instanceId: string, work: () => Promise<T>): Promise<T> {
    return this.relay.locks.runExclusive(instanceId, work);
  }

  async find(municipalityId: string, instanceId: string): Promise<StoredInstance | undefined> {
    const filter: ScopedFilter<InstanceDocument> = { _id: instanceId, municipalityId };
    const doc = await this.collection.findOne(filter as mongo.Filter<InstanceDocument>);
    return doc ? toStored(doc) : undefined;
  }

  async findBySubject(municipalityId: string, kind: SubjectKind, subjectId: string): Promise<StoredInstance | undefined> {
    const filter: ScopedFilter<InstanceDocument> = { municipalityId, kind, 'subject.id': subjectId };
    const doc = await this.collection.findOne(filter as mongo.Filter<InstanceDocument>);
    return doc ? toStored(doc) : undefined;
  }

  async insert(instance: Instance, events: EventEnvelope[], nextDueAt: Date | null): Promise<boolean> {
    const { id, ...rest } = instance;
    try {
      await this.collection.insertOne({ _id: id, ...rest, version: 1, nextDueAt: nextDueAt?.getTime() ?? null, appliedEventIds: [], ...outboxForInsert(events) });
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    this.flushSoon(id);
    return true;
  }

  async update(instance: Instance, expectedVersion: number, events: EventEnvelope[], nextDueAt: Date | null, appliedEventId?: string): Promise<void> {
    const { id, ...rest } = instance;
    const set: Record<string, unknown> = { ...rest, version: expectedVersion + 1, nextDueAt: nextDueAt?.getTime() ?? null, ...outboxForUpdate(events) };
    if (appliedEventId) {
      const current = await this.collection.findOne({ _id: id, municipalityId: instance.municipalityId } as mongo.Filter<InstanceDocument>);
      set['appliedEventIds'] = [...(current?.appliedEventIds ?? []), appliedEventId].slice(-APPLIED_KEPT);
    }
    const filter: ScopedFilter<InstanceDocument> = { _id: id, municipalityId: instance.municipalityId, version: expectedVersion };
    const result = await this.collection.updateOne(filter as mongo.Filter<InstanceDocument>, { $set: set } as mongo.UpdateFilter<InstanceDocument>);
    if (result.matchedCount === 0) throw new ConcurrencyConflict(id);
    if (events.length) this.flushSoon(id);
  }

  async idsOfPerson(municipalityId: string, personId: string): Promise<string[]> {
    const filter: ScopedFilter<InstanceDocument> = { municipalityId, 'subject.personId': personId };
    const docs = await this.collection.find(filter as mongo.Filter<InstanceDocument>, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  async due(now: Date, limit: number): Promise<Array<{ municipalityId: string; id: string }>> {
    const docs = await this.collection
      .find({ status: 'running', nextDueAt: { $ne: null, $lte: now.getTime() } } as mongo.Filter<InstanceDocument>, { projection: { _id: 1, municipalityId: 1 }, limit })
      .toArray();
    return docs.map((d) => ({ municipalityId: d.municipalityId, id: d._id }));
  }

  async listByProcess(municipalityId: string, kind: SubjectKind, processVersion: number): Promise<Instance[]> {
    const filter: ScopedFilter<InstanceDocument> = { municipalityId, kind, processVersion };
    const docs = await this.collection.find(filter as mongo.Filter<InstanceDocument>).toArray();
    return docs.map((d) => toStored(d).instance);
  }

  /** Publishes after the caller's lock is released (the relay takes the same lock). */
  private flushSoon(id: string): void {
    setImmediate(() => void this.relay.flush(id));
  }
}

function toStored(doc: InstanceDocument): StoredInstance {
  const { _id, version, nextDueAt: _due, appliedEventIds, outbox: _o, outboxPending: _p, outboxLeaseUntil: _l, outboxLeaseOwner: _w, ...rest } = doc;
  return { instance: { id: _id, ...rest }, version, appliedEventIds: appliedEventIds ?? [] };
}
