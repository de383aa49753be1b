import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from '@trygg/persistence';
import type { OutgoingMessage } from '../domain/message';
import type { MessageStore, Recipient, RecipientStore } from '../application/ports';

type RecipientDoc = Omit<Recipient, 'id'> & { _id: string; updatedAt: Date };
type MessageDoc = Omit<OutgoingMessage, 'id'> & { _id: string };

export class MongoRecipientStore implements RecipientStore {
  constructor(private readonly collection: mongo.Collection<RecipientDoc>) {}

  async upsert(recipient: Recipient): Promise<void> {
    const { id, ...rest } = recipient;
    await this.collection.updateOne({ _id: id }, { $set: { ...rest, updatedAt: new Date() } }, { upsert: true });
  }

  async get(id: string): Promise<Recipient | null> {
    const doc = await this.collection.findOne({ _id: id });
    if (!doc) return null;
    const { _id, updatedAt: _updatedAt, ...rest } = doc;
    return { id: _id, ...rest };
  }
}

export class MongoMessageStore implements MessageStore {
  constructor(private readonly collection: mongo.Collection<MessageDoc>) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ idempotencyKey: 1 }, { unique: true, name: 'idempotency_key' });
    await this.collection.createIndex({ municipalityId: 1, createdAt: -1 }, { name: 'municipality_created' });
  }

  async createIfAbsent(message: OutgoingMessage): Promise<boolean> {
    const { id, ...rest } = message;
    try {
      await this.collection.insertOne({ _id: id, ...rest });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async get(id: string): Promise<OutgoingMessage | null> {
    const doc = await this.collection.findOne({ _id: id });
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: _id, ...rest };
  }

  async claimForSending(id: string, now: Date): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: id, status: 'queued' },
      { $set: { status: 'sending', updatedAt: now }, $inc: { attempts: 1 } },
    );
    return result.modifiedCount === 1;
  }

  async markSent(id: string, providerMessageId: string, now: Date): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { status: 'sent', providerMessageId, lastError: null, updatedAt: now } });
  }

  async release(id: string, error: string, now: Date): Promise<void> {
    await this.collection.updateOne({ _id: id, status: 'sending' }, { $set: { status: 'queued', lastError: error, updatedAt: now } });
  }

  async markFailed(id: string, error: string, now: Date): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { status: 'failed', lastError: error, updatedAt: now } });
  }

  async markUncertain(id: string, now: Date): Promise<void> {
    await this.collection.updateOne({ _id: id, status: 'sending' }, { $set: { status: 'uncertain', updatedAt: now } });
  }
}
