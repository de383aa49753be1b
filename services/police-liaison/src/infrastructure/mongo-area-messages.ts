import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import type { AreaMessageStore } from '../application/area-messages';
import type { AreaMessage } from '../domain/area-message';

export const AREA_MESSAGES_COLLECTION = 'area_messages';

type AreaMessageDocument = AggregateDocument<AreaMessage>;

/** The officers' area-message requests with their outbox, every query scoped by police area. */
export class MongoAreaMessageStore implements AreaMessageStore {
  private readonly aggregates: OutboxAggregateCollection<AreaMessage>;

  constructor(
    private readonly collection: mongo.Collection<AreaMessageDocument>,
    relay: OutboxRelay,
  ) {
    this.aggregates = new OutboxAggregateCollection(collection, relay);
  }

  /** Found and called by service-kit's ServiceLifecycle once connected. */
  async onInfrastructureReady(): Promise<void> {
    await this.collection.createIndex({ policeAreaId: 1, requestedAt: -1 }, { name: 'area_requested' });
  }

  async insert(message: AreaMessage, events: EventEnvelope[]): Promise<void> {
    const { id, ...fields } = message;
    if (!(await this.aggregates.insert(id, fields, events))) throw new Error(`area message ${id} exists already`);
  }

  async ofArea(policeAreaId: string, limit: number): Promise<AreaMessage[]> {
    const docs = await this.collection.find({ policeAreaId } as mongo.Filter<AreaMessageDocument>).sort({ requestedAt: -1 }).limit(limit).toArray();
    return docs.map((d) => loadAggregate<AreaMessage>(d as AreaMessageDocument).state as AreaMessage);
  }
}
