import type { mongo } from 'mongoose';
import type { WalkerLink, WalkerLinks } from '../application/ports';

export const WALKER_LINKS_COLLECTION = 'walker_links';

/** A walker's link as stored: only sha256(token), as the `_id`. */
type WalkerLinkDocument = Omit<WalkerLink, 'hash'> & { _id: string };

export class MongoWalkerLinks implements WalkerLinks {
  constructor(private readonly collection: mongo.Collection<WalkerLinkDocument>) {}

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    // purgeExpiredBefore
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expires_at' });
  }

  async insert(link: WalkerLink): Promise<void> {
    const { hash, ...rest } = link;
    await this.collection.insertOne({ _id: hash, ...rest });
  }

  async findByHash(hash: string): Promise<WalkerLink | null> {
    const document = await this.collection.findOne({ _id: hash });
    if (!document) return null;
    const { _id, ...rest } = document;
    return { hash: _id, ...rest };
  }

  async purgeExpiredBefore(before: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lt: before } })).deletedCount;
  }
}
