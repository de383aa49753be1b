import type { mongo } from 'mongoose';
import { isDuplicateKeyError, retryTransient } from '@trygg/persistence';

interface InboxRecord {
  consumer: string;
  eventId: string;
  type: string;
  processedAt: Date;
}

/**
 * Remembers which events a consumer has acted on (unique (consumer, eventId)), so a redelivered event is
 * acknowledged without being acted on twice. Lives in the consuming service's own database.
 */
export class InboxStore {
  constructor(private readonly collection: mongo.Collection<InboxRecord>) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ consumer: 1, eventId: 1 }, { unique: true, name: 'consumer_eventId' });
    // purgeOlderThan
    await this.collection.createIndex({ processedAt: 1 }, { name: 'processed_at' });
  }

  /** Found and called by service-kit's ServiceLifecycle once connected. */
  async onInfrastructureReady(): Promise<void> {
    await this.ensureIndexes();
  }

  async has(consumer: string, eventId: string): Promise<boolean> {
    return (await this.collection.findOne({ consumer, eventId }, { projection: { _id: 1 } })) !== null;
  }

  /** Returns false when the event was already recorded (a racing duplicate). */
  async record(consumer: string, eventId: string, type: string): Promise<boolean> {
    try {
      await retryTransient(() => this.collection.insertOne({ consumer, eventId, type, processedAt: new Date() }));
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** The consumer's hourly purge calls this (a timer that logs what it removed; a TTL index would also work now). */
  async purgeOlderThan(date: Date): Promise<number> {
    const result = await this.collection.deleteMany({ processedAt: { $lt: date } });
    return result.deletedCount;
  }
}
