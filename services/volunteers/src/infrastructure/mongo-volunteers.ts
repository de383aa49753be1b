import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { type AggregateDocument, loadAggregate, type OutboxAggregateCollection } from '@trygg/messaging';
import type { VolunteerChange, VolunteerStore } from '../application/volunteers';
import type { Volunteer } from '../domain/volunteer';

export const VOLUNTEERS_COLLECTION = 'volunteers';

export class MongoVolunteerStore implements VolunteerStore {
  constructor(private readonly aggregates: OutboxAggregateCollection<Volunteer>) {}

  async insert(volunteer: Volunteer, events: EventEnvelope[]): Promise<void> {
    const { id, ...fields } = volunteer;
    await this.aggregates.exclusive(id, () => this.aggregates.insert(id, fields, events));
  }

  async change(municipalityId: string, id: string, change: (current: Volunteer) => VolunteerChange) {
    return this.aggregates.exclusive(id, async () => {
      const doc = await this.aggregates.collection.findOne({ _id: id, municipalityId } as mongo.Filter<AggregateDocument<Volunteer>>);
      if (!doc) return 'not-found' as const;
      const { state, version } = loadAggregate<Volunteer>(doc as AggregateDocument<Volunteer>);
      const result = change(state);
      if (result === 'unchanged') return 'unchanged' as const;
      const { id: _id, ...fields } = result.next;
      // The change and its events in one document write (the outbox); the relay publishes them right after.
      const written = await this.aggregates.update(id, { municipalityId }, version, fields, result.events);
      if (!written) throw new Error(`volunteer ${id} changed meanwhile`); // transient: the consumer retries
      return 'changed' as const;
    });
  }
}
