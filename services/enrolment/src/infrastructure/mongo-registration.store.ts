import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import { outboxForInsert, type OutboxFields, type OutboxRelay } from '@trygg/messaging';
import type { RegistrationStore } from '../application/submit-registration';
import type { Registration } from '../domain/registration';

export const REGISTRATIONS_COLLECTION = 'registrations';

export type RegistrationDocument = Omit<Registration, 'id'> & { _id: string; version: number } & OutboxFields;

export class MongoRegistrationStore implements RegistrationStore {
  constructor(
    private readonly collection: mongo.Collection<RegistrationDocument>,
    private readonly relay: OutboxRelay,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, email: 1 }, { name: 'municipality_email' });
  }

  async insertWithEvents(registration: Registration, events: EventEnvelope[]): Promise<void> {
    const { id, ...rest } = registration;
    await this.collection.insertOne({ _id: id, ...rest, version: 1, ...outboxForInsert(events) });
    // Fast path: publish now. If this process dies first, the relay's poller publishes it later.
    void this.relay.flush(id);
  }
}
