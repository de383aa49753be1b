import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, type LoadedAggregate, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import { ConcurrentModification, type ScopedFilter } from '@trygg/persistence';
import type { InstanceRepository, StoredInstance } from '../application/ports';
import type { SubjectKind } from '../domain/definition';
import type { Instance } from '../domain/engine';

export const INSTANCES_COLLECTION = 'instances';

/** What the instance document stores beside the instance itself. */
interface InstanceStorage {
  /** Epoch ms of the next reminder or timeout (null when none): the periodic check's query. */
  nextDueAt: number | null;
  appliedEventIds: string[];
}

/** The instance aggregate: state, timeline and its pending events (outbox) in one document. */
export type InstanceDocument = AggregateDocument<Instance, InstanceStorage>;

const APPLIED_KEPT = 50;

export class MongoInstanceRepository implements InstanceRepository {
  private readonly aggregates: OutboxAggregateCollection<Instance, InstanceStorage>;
  private readonly collection: mongo.Collection<InstanceDocument>;

  constructor(collection: mongo.Collection<InstanceDocument>, relay: OutboxRelay) {
    this.aggregates = new OutboxAggregateCollection(collection, relay);
    this.collection = collection;
  }

  /** Called by ServiceLifecycle once MongoDB is connected. */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, kind: 1, 'subject.id': 1 }, { name: 'municipality_subject' });
    await this.collection.createIndex({ status: 1, nextDueAt: 1 }, { name: 'status_due' });
    // ofPerson ("Mina uppgifter"), idsOfPerson (erasure)
    await this.collection.createIndex({ municipalityId: 1, 'subject.personId': 1 }, { name: 'municipality_person' });
  }

  find(municipalityId: string, instanceId: string): Promise<StoredInstance | undefined> {
    return this.findStored({ _id: instanceId, municipalityId });
  }

  findBySubject(municipalityId: string, kind: SubjectKind, subjectId: string): Promise<StoredInstance | undefined> {
    return this.findStored({ municipalityId, kind, 'subject.id': subjectId });
  }

  private async findStored(filter: ScopedFilter<InstanceDocument>): Promise<StoredInstance | undefined> {
    const found = await this.aggregates.findOne(filter as mongo.Filter<InstanceDocument>);
    return found ? toStored(found) : undefined;
  }

  async insert(instance: Instance, events: EventEnvelope[], nextDueAt: Date | null): Promise<boolean> {
    const { id, ...rest } = instance;
    return this.aggregates.insert(id, { ...rest, nextDueAt: nextDueAt?.getTime() ?? null, appliedEventIds: [] }, events);
  }

  async update(instance: Instance, expectedVersion: number, events: EventEnvelope[], nextDueAt: Date | null, appliedEventId?: string): Promise<void> {
    const { id, ...rest } = instance;
    const changes: Partial<Omit<Instance, 'id'> & InstanceStorage> = { ...rest, nextDueAt: nextDueAt?.getTime() ?? null };
    if (appliedEventId) {
      const current = await this.collection.findOne({ _id: id, municipalityId: instance.municipalityId } as mongo.Filter<InstanceDocument>);
      changes.appliedEventIds = [...(current?.appliedEventIds ?? []), appliedEventId].slice(-APPLIED_KEPT);
    }
    const scope = { municipalityId: instance.municipalityId };
    if (!(await this.aggregates.update(id, scope, expectedVersion, changes, events))) throw new ConcurrentModification('instance', id);
  }

  async setProtectedIdentity(municipalityId: string, instanceId: string, expectedVersion: number, protectedIdentity: boolean, appliedEventId: string): Promise<void> {
    const current = await this.collection.findOne({ _id: instanceId, municipalityId } as mongo.Filter<InstanceDocument>, { projection: { appliedEventIds: 1 } });
    const appliedEventIds = [...(current?.appliedEventIds ?? []), appliedEventId].slice(-APPLIED_KEPT);
    if (!(await this.aggregates.update(instanceId, { municipalityId }, expectedVersion, { protectedIdentity, appliedEventIds }))) throw new ConcurrentModification('instance', instanceId);
  }

  async ofPerson(municipalityId: string, personId: string): Promise<Instance[]> {
    const filter: ScopedFilter<InstanceDocument> = { municipalityId, 'subject.personId': personId };
    const docs = await this.collection.find(filter as mongo.Filter<InstanceDocument>).toArray();
    return docs.map((d) => toStored(loadAggregate<Instance, InstanceStorage>(d)).instance).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
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
    return docs.map((d) => toStored(loadAggregate<Instance, InstanceStorage>(d)).instance);
  }
}

function toStored({ state, version }: LoadedAggregate<Instance, InstanceStorage>): StoredInstance {
  const { nextDueAt: _due, appliedEventIds, ...instance } = state;
  return { instance, version, appliedEventIds: appliedEventIds ?? [] };
}
