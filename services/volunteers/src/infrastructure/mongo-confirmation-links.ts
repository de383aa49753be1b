import type { mongo } from 'mongoose';
import type { ConfirmationLinks } from '../application/ports';
import type { ConfirmationLink } from '../domain/confirmation-link';

export const CONFIRMATION_LINKS_COLLECTION = 'confirmation_links';

/** A link as stored: only sha256(token), as the `_id`. */
type LinkDocument = Omit<ConfirmationLink, 'hash'> & { _id: string };

export class MongoConfirmationLinks implements ConfirmationLinks {
  constructor(private readonly collection: mongo.Collection<LinkDocument>) {}

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    // deleteForVolunteer (the purge of a sign-up never confirmed)
    await this.collection.createIndex({ volunteerId: 1 }, { name: 'volunteer' });
    // purgeExpiredBefore
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expires_at' });
  }

  async insert(link: ConfirmationLink): Promise<void> {
    const { hash, ...rest } = link;
    await this.collection.insertOne({ _id: hash, ...rest });
  }

  async findByHash(hash: string): Promise<ConfirmationLink | null> {
    const document = await this.collection.findOne({ _id: hash });
    if (!document) return null;
    const { _id, ...rest } = document;
    return { hash: _id, ...rest };
  }

  /** Single use: of racing uses (one process or several) the conditional update lets exactly one through. */
  async markUsed(hash: string, at: Date): Promise<boolean> {
    return (await this.collection.updateOne({ _id: hash, usedAt: null }, { $set: { usedAt: at } })).modifiedCount === 1;
  }

  async deleteForVolunteer(volunteerId: string): Promise<void> {
    await this.collection.deleteMany({ volunteerId });
  }

  async purgeExpiredBefore(before: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lt: before } })).deletedCount;
  }
}
