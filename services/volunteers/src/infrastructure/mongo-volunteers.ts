import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { loadAggregate, type AggregateDocument, type OutboxAggregateCollection } from '@trygg/messaging';
import type { VolunteerChange, VolunteerStore } from '../application/ports';
import type { Volunteer } from '../domain/volunteer';

export const VOLUNTEERS_COLLECTION = 'volunteers';

type VolunteerDocument = AggregateDocument<Volunteer>;

export class MongoVolunteerStore implements VolunteerStore {
  constructor(
    private readonly aggregates: OutboxAggregateCollection<Volunteer>,
    private readonly collection: mongo.Collection<VolunteerDocument>,
  ) {}

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    // findByEmail: the same address signing up again (no new mail, no enumeration).
    await this.collection.createIndex({ municipalityId: 1, email: 1 }, { name: 'municipality_email' });
    // listUnconfirmedRequestedBefore: the housekeeping purge of sign-ups never confirmed.
    await this.collection.createIndex({ status: 1, 'confirmation.requestedAt': 1 }, { name: 'status_confirmation_requested' });
    // ofPerson ("Mina uppgifter")
    await this.collection.createIndex({ municipalityId: 1, personId: 1 }, { name: 'municipality_person' });
    // listSignedUp: the coordinator's list of walkers.
    await this.collection.createIndex({ municipalityId: 1, status: 1, signedUpAt: 1 }, { name: 'municipality_status_signed_up' });
  }

  async listSignedUp(municipalityId: string, limit: number): Promise<Volunteer[]> {
    const documents = await this.collection
      .find({ municipalityId, status: { $in: ['onboarding', 'active', 'rejected', 'withdrawn'] } } as mongo.Filter<VolunteerDocument>)
      .sort({ signedUpAt: 1 })
      .limit(limit)
      .toArray();
    return documents.map((d) => loadAggregate<Volunteer>(d as VolunteerDocument).state);
  }

  async listActive(municipalityId: string, organisationIds: Array<string | null>, limit: number): Promise<Volunteer[]> {
    // Served by municipality_status_signed_up (municipality + status); the organisation is filtered on the way.
    const documents = await this.collection
      .find({ municipalityId, status: 'active', organisationId: { $in: organisationIds } } as mongo.Filter<VolunteerDocument>)
      .sort({ signedUpAt: 1 })
      .limit(limit)
      .toArray();
    return documents.map((d) => loadAggregate<Volunteer>(d as VolunteerDocument).state);
  }

  async ofPerson(municipalityId: string, personId: string): Promise<Volunteer[]> {
    const docs = await this.collection.find({ municipalityId, personId } as never).toArray();
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

  async findById(id: string): Promise<Volunteer | null> {
    return (await this.aggregates.findOne({ _id: id } as never))?.state ?? null;
  }

  async findByEmail(municipalityId: string, email: string): Promise<Volunteer[]> {
    const documents = await this.collection.find({ municipalityId, email } as mongo.Filter<VolunteerDocument>).limit(20).toArray();
    return documents.map((d) => loadAggregate<Volunteer>(d as VolunteerDocument).state).filter((v) => v.status !== 'erased');
  }

  async listUnconfirmedRequestedBefore(before: Date, limit: number): Promise<Volunteer[]> {
    const documents = await this.collection
      .find({ status: 'unconfirmed', 'confirmation.requestedAt': { $lte: before.toISOString() } } as mongo.Filter<VolunteerDocument>)
      .sort({ 'confirmation.requestedAt': 1 })
      .limit(limit)
      .toArray();
    return documents.map((d) => loadAggregate<Volunteer>(d as VolunteerDocument).state);
  }
}
