import type { mongo } from 'mongoose';
import { isDuplicateKeyError } from '@trygg/persistence';
import type { Scoped } from './scoped';
import type { Acknowledgement, AcknowledgementStore } from '../application/ports';

type AckDoc = Acknowledgement & { _id: string };

/**
 * "Jag har läst" of area messages: one document per broadcast and recipient (`_id` = broadcast:recipient), so a
 * second click — on the same link, or on the SMS's after the email's — inserts nothing (the primary key refuses it).
 */
export class MongoAcknowledgementStore implements AcknowledgementStore {
  constructor(private readonly collection: mongo.Collection<AckDoc>) {}

  /** Run by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  async onInfrastructureReady(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, broadcastId: 1 }, { name: 'municipality_broadcast' });
  }

  async record(ack: Acknowledgement): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: `${ack.broadcastId}:${ack.recipientId}`, ...ack });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async counts(municipalityId: string, broadcastId: string): Promise<{ total: number; groups: Array<{ groupId: string; count: number }> }> {
    const filter: Scoped<AckDoc> = { municipalityId, broadcastId };
    const total = await this.collection.countDocuments(filter);
    const rows = await this.collection
      .aggregate<{ _id: string; count: number }>([{ $match: filter }, { $unwind: '$groupIds' }, { $group: { _id: '$groupIds', count: { $sum: 1 } } }])
      .toArray();
    return { total, groups: rows.map((r) => ({ groupId: r._id, count: r.count })).sort((a, b) => a.groupId.localeCompare(b.groupId)) };
  }

  /** Erasure: the person's acknowledgements go (counts shrink by theirs). */
  async eraseRecipient(municipalityId: string, recipientId: string): Promise<void> {
    const filter: Scoped<AckDoc> = { municipalityId, recipientId };
    await this.collection.deleteMany(filter);
  }
}
