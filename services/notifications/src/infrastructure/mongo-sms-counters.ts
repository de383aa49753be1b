import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from '@trygg/persistence';
import type { SmsCounter, SmsCounters } from '../application/ports';

interface SmsCounterDoc {
  _id: string;
  municipalityId: string;
  count: number;
  /** The messages counted (a retried job counts once): at most `limit` ids. */
  messageIds: string[];
  alerted?: boolean;
  expiresAt: Date;
}

/**
 * The daily SMS counters (collection `sms_counters`), one document per counter, changed only by single-document
 * conditional updates, so several notifications processes share them safely: `count` is an upsert whose filter
 * holds only below the limit and for a message not counted yet — at the limit the upsert's insert collides with the
 * existing `_id` (duplicate key), and nothing changes. Forgotten after `expiresAt` (TTL index). No phone number is
 * stored: the per-number counter's id carries its SHA-256.
 */
export class MongoSmsCounters implements SmsCounters {
  constructor(private readonly collection: mongo.Collection<SmsCounterDoc>) {}

  /** Run by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expires', expireAfterSeconds: 0 });
  }

  async count(counter: SmsCounter, limit: number, messageId: string): Promise<boolean> {
    const filter = { _id: counter.id, count: { $lt: limit }, messageIds: { $ne: messageId } };
    const update = { $inc: { count: 1 }, $push: { messageIds: messageId }, $setOnInsert: { municipalityId: counter.municipalityId, expiresAt: counter.expiresAt } };
    try {
      const result = await this.collection.updateOne(filter, update, { upsert: true });
      if (result.modifiedCount === 1 || result.upsertedCount === 1) return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // The document exists: created by a concurrent first SMS of the day, or at the limit, or this message was
      // counted before. Once more, without the insert.
      if ((await this.collection.updateOne(filter, update)).modifiedCount === 1) return true;
    }
    // At the limit, or counted before (a retried job): only the latter may go.
    const doc = await this.collection.findOne({ _id: counter.id }, { projection: { messageIds: 1 } });
    return doc?.messageIds.includes(messageId) ?? false;
  }

  async claimAlert(counter: SmsCounter): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: counter.id, alerted: { $ne: true } }, { $set: { alerted: true } });
    return result.modifiedCount === 1;
  }
}
