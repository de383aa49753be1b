import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import type { ObservationStore } from '../application/observations';
import type { Observation } from '../domain/observation';

export const OBSERVATIONS_COLLECTION = 'observations';

type ObservationDocument = AggregateDocument<Observation>;

/** Observations with their outbox, every query scoped by police area (an officer sees only their area). */
export class MongoObservationStore implements ObservationStore {
  private readonly aggregates: OutboxAggregateCollection<Observation>;

  constructor(
    private readonly collection: mongo.Collection<ObservationDocument>,
    relay: OutboxRelay,
  ) {
    this.aggregates = new OutboxAggregateCollection(collection, relay);
  }

  /** Found and called by service-kit's ServiceLifecycle once connected. */
  async onInfrastructureReady(): Promise<void> {
    await this.collection.createIndex({ policeAreaId: 1, occurredAt: -1 }, { name: 'area_occurred' });
    // The overview's open observations per municipality of an area.
    await this.collection.createIndex({ policeAreaId: 1, status: 1, municipalityId: 1 }, { name: 'area_status' });
    // Erasure: a reporter's observations.
    await this.collection.createIndex({ municipalityId: 1, reporterId: 1 }, { name: 'municipality_reporter' });
  }

  async insert(observation: Observation, events: EventEnvelope[]): Promise<void> {
    const { id, ...fields } = observation;
    if (!(await this.aggregates.insert(id, fields, events))) throw new Error(`observation ${id} exists already`);
  }

  async ofArea(policeAreaId: string, limit: number): Promise<Observation[]> {
    const docs = await this.collection.find({ policeAreaId } as mongo.Filter<ObservationDocument>).sort({ occurredAt: -1 }).limit(limit).toArray();
    return docs.map((d) => loadAggregate<Observation>(d as ObservationDocument).state as Observation);
  }

  async find(policeAreaId: string, id: string): Promise<{ observation: Observation; version: number } | undefined> {
    const found = await this.aggregates.findOne({ _id: id, policeAreaId } as mongo.Filter<ObservationDocument>);
    return found ? { observation: found.state as Observation, version: found.version } : undefined;
  }

  async ofReporter(municipalityId: string, personId: string): Promise<Array<{ observation: Observation; version: number }>> {
    const docs = await this.collection.find({ municipalityId, reporterId: personId } as mongo.Filter<ObservationDocument>).toArray();
    return docs.map((d) => {
      const loaded = loadAggregate<Observation>(d as ObservationDocument);
      return { observation: loaded.state as Observation, version: loaded.version };
    });
  }

  saveErasure(observation: Observation, expectedVersion: number): Promise<boolean> {
    const { reporterId, description, reporterErased } = observation;
    return this.aggregates.update(observation.id, { municipalityId: observation.municipalityId }, expectedVersion, { reporterId, description, reporterErased: reporterErased === true }, []);
  }

  /** Observations of the area still open (not read), per municipality. */
  async openCounts(policeAreaId: string): Promise<Record<string, number>> {
    const docs = await this.collection.find({ policeAreaId, status: 'open' } as mongo.Filter<ObservationDocument>, { projection: { municipalityId: 1 } }).toArray();
    const counts: Record<string, number> = {};
    for (const d of docs) counts[d['municipalityId'] as string] = (counts[d['municipalityId'] as string] ?? 0) + 1;
    return counts;
  }

  save(observation: Observation, expectedVersion: number, events: EventEnvelope[]): Promise<boolean> {
    const { status, readAt, readBy, answer } = observation;
    return this.aggregates.update(observation.id, { policeAreaId: observation.policeAreaId }, expectedVersion, { status, readAt, readBy, answer }, events);
  }
}
