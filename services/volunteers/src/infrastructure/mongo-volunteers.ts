import type { EventEnvelope } from '@trygg/contracts';
import { loadAggregate, type OutboxAggregateCollection } from '@trygg/messaging';
import type { VolunteerChange, VolunteerStore } from '../application/ports';
import type { Volunteer } from '../domain/volunteer';

export const VOLUNTEERS_COLLECTION = 'volunteers';

export class MongoVolunteerStore implements VolunteerStore {
  constructor(private readonly aggregates: OutboxAggregateCollection<Volunteer>) {}

  /** Found and called by service-kit's ServiceLifecycle once connected. */
  async onInfrastructureReady(): Promise<void> {
    await this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    // ofPerson ("Mina uppgifter")
    await this.aggregates.collection.createIndex({ municipalityId: 1, personId: 1 }, { name: 'municipality_person' });
  }

  async ofPerson(municipalityId: string, personId: string): Promise<Volunteer[]> {
    const docs = await this.aggregates.collection.find({ municipalityId, personId } as never).toArray();
    return docs.map((d) => loadAggregate<Volunteer>(d).state as Volunteer);
  }

  async insert(volunteer: Volunteer, events: EventEnvelope[]): Promise<void> {
    const { id, ...fields } = volunteer;
    await this.aggregates.insert(id, fields, events);
  }

  async change(municipalityId: string, id: string, change: (current: Volunteer) => VolunteerChange) {
    // The change and its events in one document write (the outbox), decided again on the latest state if another
    // write won meanwhile; the relay publishes them right after.
    const outcome = await this.aggregates.change(id, { municipalityId }, ({ state }) => {
      const result = change(state);
      if (result === 'unchanged') return { result: 'unchanged' as const };
      const { id: _id, ...fields } = result.next;
      return { set: fields, events: result.events, result: 'changed' as const };
    });
    return outcome ?? ('not-found' as const);
  }
}
