import type { mongo } from 'mongoose';
import type { EventEnvelope } from '@trygg/contracts';
import type { Mutation, RegistrationRepository } from '../application/ports';
import type { Registration } from '../domain/registration';
import { AggregateStore, type StoredDocument, withoutStorageFields } from './aggregate-store';

export const REGISTRATIONS_COLLECTION = 'registrations';

function toDocument(registration: Registration): Record<string, unknown> {
  const { id: _id, ...rest } = registration;
  return rest;
}

export class MongoRegistrations implements RegistrationRepository {
  constructor(private readonly store: AggregateStore<Registration>) {}

  static create(collection: mongo.Collection<StoredDocument>, relay: ConstructorParameters<typeof AggregateStore<Registration>>[1]): MongoRegistrations {
    return new MongoRegistrations(new AggregateStore<Registration>(collection, relay, toDocument, (d) => withoutStorageFields<Registration>(d)));
  }

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    const c = this.store.collection;
    // Registrations stored by the walking skeleton have no dedupe key; give them one of their own so the unique index holds.
    for (const legacy of await c.find({ dedupeKey: { $exists: false } } as mongo.Filter<StoredDocument>, { projection: { _id: 1 } }).toArray()) {
      await c.updateOne({ _id: legacy._id } as mongo.Filter<StoredDocument>, { $set: { dedupeKey: `legacy|${legacy._id}` } });
    }
    await c.createIndex({ dedupeKey: 1 }, { unique: true, name: 'dedupe_key' });
    await c.createIndex({ municipalityId: 1, email: 1 }, { name: 'municipality_email' });
    await c.createIndex({ municipalityId: 1, personId: 1 }, { name: 'municipality_person' });
    await c.createIndex({ municipalityId: 1, memberId: 1 }, { name: 'municipality_member' });
    // findByPersonAcrossMunicipalities (unscoped: municipality_person cannot serve it)
    await c.createIndex({ personId: 1 }, { name: 'person' });
    // listTriage, listPendingPlacement, listUnconfirmedRequestedBefore (municipality + status prefix)
    await c.createIndex({ municipalityId: 1, status: 1, 'placement.kind': 1 }, { name: 'municipality_status_placement' });
    // listDueForAnonymisation; only erased registrations are in it
    await c.createIndex(
      { municipalityId: 1, 'erasure.anonymisedAt': 1, 'erasure.anonymiseAt': 1 },
      { name: 'anonymisation_due', partialFilterExpression: { status: 'erased' } },
    );
  }

  /** 'duplicate' when a registration with the same dedupe key exists (unique index: the database decides). */
  async insert(registration: Registration, events: EventEnvelope[]): Promise<'inserted' | 'duplicate'> {
    return (await this.store.insert(registration, events)) ? 'inserted' : 'duplicate';
  }

  findById(municipalityId: string, id: string) {
    return this.store.findOne({ municipalityId, _id: id });
  }

  async findManyByIds(municipalityId: string, ids: readonly string[]) {
    return ids.length ? this.store.find({ municipalityId, _id: { $in: [...ids] } }) : [];
  }

  /** Unscoped on purpose (internal links endpoint only): see RegistrationRepository. */
  async findByIdAcrossMunicipalities(id: string) {
    const document = await this.store.collection.findOne({ _id: id } as mongo.Filter<StoredDocument>);
    return document ? withoutStorageFields<Registration>(document) : null;
  }

  findByDedupeKey(municipalityId: string, dedupeKey: string) {
    return this.store.findOne({ municipalityId, dedupeKey });
  }

  findByPerson(municipalityId: string, personId: string) {
    return this.store.find({ municipalityId, personId });
  }

  findByMemberId(municipalityId: string, memberId: string) {
    return this.store.findOne({ municipalityId, memberId });
  }

  /** Unscoped on purpose (internal links endpoint only): see RegistrationRepository. */
  async findByPersonAcrossMunicipalities(personId: string) {
    const documents = await this.store.collection.find({ personId } as mongo.Filter<StoredDocument>).toArray();
    return documents.map((d) => withoutStorageFields<Registration>(d));
  }

  async findLiveByEmail(municipalityId: string, email: string) {
    const [first] = await this.store.find({ municipalityId, email: email.trim().toLowerCase(), status: { $ne: 'erased' } }, { limit: 1 });
    return first ?? null;
  }

  listTriage(municipalityId: string) {
    return this.store.find({ municipalityId, status: 'confirmed', 'placement.kind': 'triage' });
  }

  listPendingPlacement(municipalityId: string) {
    return this.store.find({ municipalityId, status: 'confirmed', 'placement.kind': 'pending' });
  }

  listDueForAnonymisation(municipalityId: string, now: Date) {
    return this.store.find({ municipalityId, status: 'erased', 'erasure.anonymisedAt': null, 'erasure.anonymiseAt': { $lte: now } });
  }

  listUnconfirmedRequestedBefore(municipalityId: string, before: Date, limit: number) {
    return this.store.find(
      {
        municipalityId,
        status: 'submitted',
        $or: [{ confirmationRequestedAt: { $lte: before } }, { confirmationRequestedAt: { $exists: false }, submittedAt: { $lte: before } }],
      },
      { limit },
    );
  }

  update(municipalityId: string, id: string, mutation: Mutation<Registration>) {
    return this.store.update(municipalityId, id, mutation);
  }
}
