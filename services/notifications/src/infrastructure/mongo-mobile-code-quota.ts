import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from '@trygg/persistence';
import { sha256Hex } from '@trygg/values';
import type { MobileCodeQuota } from '../application/ports';

interface QuotaDoc {
  /** `sha256(number)|day`: the number itself is not stored here. */
  _id: string;
  count: number;
  /** A day after the counted day: the TTL index removes the counter. */
  expiresAt: Date;
}

/**
 * Codes per number and day as one counter document each, counted by one conditional upsert: under the limit it is
 * incremented (or created); at the limit the filter misses and the upsert's insert collides with the existing
 * counter (duplicate key) — refused, however many instances ask at once.
 */
export class MongoMobileCodeQuota implements MobileCodeQuota {
  constructor(private readonly collection: mongo.Collection<QuotaDoc>) {}

  /** Run by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  async onInfrastructureReady(): Promise<void> {
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expires', expireAfterSeconds: 0 });
  }

  async take(number: string, day: string, max: number): Promise<boolean> {
    const _id = `${sha256Hex(number)}|${day}`;
    const expiresAt = new Date(Date.parse(`${day}T00:00:00Z`) + 2 * 86_400_000);
    // Two first codes at once: one insert wins, the other collides once and then counts on the winner's document.
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        await this.collection.updateOne({ _id, count: { $lt: max } }, { $inc: { count: 1 }, $setOnInsert: { expiresAt } }, { upsert: true });
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    return false;
  }
}
