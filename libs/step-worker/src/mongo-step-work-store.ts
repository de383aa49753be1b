import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import type { ScopedFilter } from '@trygg/persistence';
import type { AuditLog } from '@trygg/values';
import { type AuditEntry, type AuditRecord, AuditTrailLog } from '@trygg/audit';
import type { StepWorkStore } from './ports';
import type { StepWork } from './step-work';

/** String fields of the work: what it can be scoped and ordered by. */
type StringField<TWork> = { [K in keyof TWork]-?: TWork[K] extends string ? K : never }[keyof TWork] & string;

export interface MongoStepWorkStoreOptions<TWork extends StepWork> {
  /** The field a deciding person's scope is matched against (`municipalityId`, or e.g. `policeAreaId`). */
  scopeField: StringField<TWork>;
  /** Pending work is listed oldest first by this ISO time field. */
  orderBy: StringField<TWork>;
  /** The name of the (scope, status) index. */
  indexName: string;
}

/** Step work in its own collection, each piece carrying its outbox (see OutboxAggregateCollection). */
export class MongoStepWorkStore<TWork extends StepWork> implements StepWorkStore<TWork> {
  private readonly aggregates: OutboxAggregateCollection<TWork>;

  constructor(
    private readonly collection: mongo.Collection<AggregateDocument<TWork>>,
    relay: OutboxRelay,
    private readonly options: MongoStepWorkStoreOptions<TWork>,
  ) {
    this.aggregates = new OutboxAggregateCollection(collection, relay);
  }

  /** Found and called by service-kit's ServiceLifecycle once connected. */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ [this.options.scopeField]: 1, status: 1 }, { name: this.options.indexName });
    // ofPerson ("Mina uppgifter"), forgetPerson (erasure), setProtectedIdentity
    await this.collection.createIndex({ municipalityId: 1, 'subject.personId': 1 }, { name: 'municipality_person' });
  }

  async insert(work: TWork): Promise<boolean> {
    const { id, ...rest } = work;
    return this.aggregates.insert(id, rest);
  }

  async find(scope: string, id: string): Promise<{ work: TWork; version: number } | undefined> {
    const found = await this.aggregates.findOne({ _id: id, [this.options.scopeField]: scope } as mongo.Filter<AggregateDocument<TWork>>);
    return found ? { work: found.state as TWork, version: found.version } : undefined;
  }

  async pending(scope: string): Promise<TWork[]> {
    const docs = await this.collection.find({ [this.options.scopeField]: scope, status: 'pending' } as mongo.Filter<AggregateDocument<TWork>>).toArray();
    const order = (work: TWork) => String(work[this.options.orderBy]);
    return docs.map((d) => loadAggregate<TWork>(d as AggregateDocument<TWork>).state as TWork).sort((a, b) => order(a).localeCompare(order(b)));
  }

  async ofPerson(municipalityId: string, personId: string): Promise<TWork[]> {
    const filter: ScopedFilter<AggregateDocument<TWork>> = { municipalityId, 'subject.personId': personId };
    const docs = await this.collection.find(filter as mongo.Filter<AggregateDocument<TWork>>).toArray();
    return docs.map((d) => loadAggregate<TWork>(d as AggregateDocument<TWork>).state as TWork);
  }

  async forgetPerson(municipalityId: string, personId: string): Promise<number> {
    const filter: ScopedFilter<AggregateDocument<TWork>> = { municipalityId, 'subject.personId': personId };
    const result = await this.collection.updateMany(filter as mongo.Filter<AggregateDocument<TWork>>, { $set: { subjectFields: {} } } as mongo.UpdateFilter<AggregateDocument<TWork>>);
    return result.modifiedCount;
  }

  async setProtectedIdentity(municipalityId: string, personId: string, protectedIdentity: boolean): Promise<number> {
    // Only the flag is `$set` (per document, atomically); saveDecision sets only status and decision, so neither undoes the other.
    const filter: ScopedFilter<AggregateDocument<TWork>> = { municipalityId, 'subject.personId': personId };
    const unchanged = protectedIdentity ? { protectedIdentity: { $ne: true } } : { protectedIdentity: true };
    const result = await this.collection.updateMany({ ...filter, ...unchanged } as mongo.Filter<AggregateDocument<TWork>>, { $set: { protectedIdentity } } as mongo.UpdateFilter<AggregateDocument<TWork>>);
    return result.modifiedCount;
  }

  async saveDecision(work: TWork, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    const scope = { [this.options.scopeField]: work[this.options.scopeField] } as unknown as Partial<Omit<TWork, 'id'>>;
    const changes = { status: work.status, decision: work.decision } as Partial<Omit<TWork, 'id'>>;
    return this.aggregates.update(work.id, scope, expectedVersion, changes, events);
  }
}

/**
 * Every decision in the worker's hash-chained audit trail (libs/audit's AuditTrailLog, conventionally the `audit`
 * collection; `npm run audit:verify -- <service>`): the `AuditLog` port `DecideStep` and `ListPendingWork` take, and
 * what `GET /audit` reads (libs/service-kit's `AUDIT_RECORDS`).
 */
export class MongoDecisionAudit extends AuditTrailLog implements AuditLog<AuditEntry> {
  constructor(collection: mongo.Collection<AuditRecord>, clock?: () => Date) {
    super(collection, clock ? { clock } : {});
  }
}
