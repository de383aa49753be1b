import type { mongo } from 'mongoose';
import type { LinkTokenStore } from '../application/ports';
import type { LinkToken } from '../domain/link-token';

/** A link token as stored: the hash is the `_id`. */
export type TokenDocument = Omit<LinkToken, 'hash'> & { _id: string };

/** Only sha256(token) is stored, as the _id. */
export class MongoLinkTokens implements LinkTokenStore {
  constructor(private readonly collection: mongo.Collection<TokenDocument>) {}

  /** Called by ServiceLifecycle once MongoDB is connected (safe to repeat). */
  onInfrastructureReady(): Promise<void> {
    return this.ensureIndexes();
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, personId: 1 }, { name: 'municipality_person' });
    // latestConfirmationExpiry
    await this.collection.createIndex({ municipalityId: 1, registrationId: 1 }, { name: 'municipality_registration' });
    // purgeExpiredBefore
    await this.collection.createIndex({ expiresAt: 1 }, { name: 'expires_at' });
  }

  async insert(token: LinkToken): Promise<void> {
    const { hash, ...rest } = token;
    await this.collection.insertOne({ _id: hash, ...rest });
  }

  async findByHash(hash: string): Promise<LinkToken | null> {
    const document = await this.collection.findOne({ _id: hash });
    if (!document) return null;
    const { _id, ...rest } = document;
    return { hash: _id, ...rest };
  }

  /** Single use: of racing uses (one process or several) the conditional update lets exactly one through. */
  async markUsed(hash: string, now: Date): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: hash, usedAt: null }, { $set: { usedAt: now } });
    return result.modifiedCount === 1;
  }

  async revokeForPerson(municipalityId: string, personId: string): Promise<void> {
    await this.collection.updateMany({ municipalityId, personId, usedAt: null }, { $set: { usedAt: new Date() } });
  }

  async latestConfirmationExpiry(municipalityId: string, registrationId: string): Promise<Date | null> {
    const documents = await this.collection.find({ municipalityId, registrationId, kind: 'confirmation' }, { projection: { expiresAt: 1 } }).toArray();
    const latest = Math.max(...documents.map((d) => d.expiresAt.getTime()));
    return documents.length ? new Date(latest) : null;
  }

  /** The housekeeping timer removes tokens long expired (and logs how many). */
  async purgeExpiredBefore(date: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lt: date } })).deletedCount;
  }
}
