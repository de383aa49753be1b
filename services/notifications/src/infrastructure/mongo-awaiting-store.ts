import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from '@trygg/persistence';
import type { Scoped } from './scoped';
import type { AwaitingRecipient } from '../domain/awaiting';
import type { AwaitingStore } from '../application/ports';

type AwaitingDoc = Omit<AwaitingRecipient, 'id'> & { _id: string };

/**
 * Events waiting for a person (collection `awaiting`). Each record is written once and deleted once: inserted with
 * its derived id (a duplicate is a redelivery), never updated. Small by design: records live until the person
 * arrives, is erased, or housekeeping gives them up.
 */
export class MongoAwaitingStore implements AwaitingStore {
  constructor(private readonly collection: mongo.Collection<AwaitingDoc>) {}

  /** Run by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, recipientId: 1 }, { name: 'municipality_recipient' });
    // purgeOlderThan
    await this.collection.createIndex({ municipalityId: 1, since: 1 }, { name: 'municipality_since' });
  }

  async add(record: AwaitingRecipient): Promise<void> {
    const { id, ...rest } = record;
    try {
      await this.collection.insertOne({ _id: id, ...rest });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async forRecipient(municipalityId: string, recipientId: string): Promise<AwaitingRecipient[]> {
    const filter: Scoped<AwaitingDoc> = { municipalityId, recipientId };
    const docs = await this.collection.find(filter).sort({ since: 1, _id: 1 }).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }

  async remove(municipalityId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const filter: Scoped<AwaitingDoc> = { municipalityId, _id: { $in: ids } };
    await this.collection.deleteMany(filter);
  }

  async eraseRecipient(municipalityId: string, recipientId: string): Promise<number> {
    const filter: Scoped<AwaitingDoc> = { municipalityId, recipientId };
    return (await this.collection.deleteMany(filter)).deletedCount;
  }

  async purgeOlderThan(municipalityId: string, cutoff: Date): Promise<number> {
    const filter: Scoped<AwaitingDoc> = { municipalityId, since: { $lt: cutoff } };
    return (await this.collection.deleteMany(filter)).deletedCount;
  }
}
