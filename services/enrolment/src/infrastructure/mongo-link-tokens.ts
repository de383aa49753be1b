import type { mongo } from 'mongoose';
import { KeyedMutex } from '@trygg/persistence';
import type { LinkTokenStore } from '../application/ports';
import type { LinkToken } from '../domain/link-token';

type TokenDocument = Omit<LinkToken, 'hash'> & { _id: string };

/** Only sha256(token) is stored, as the _id. */
export class MongoLinkTokens implements LinkTokenStore {
  private readonly locks = new KeyedMutex();

  constructor(private readonly collection: mongo.Collection<TokenDocument>) {}

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ municipalityId: 1, personId: 1 }, { name: 'municipality_person' });
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

  /** Serialised per token within the process: FerretDB v1's conditional update is not atomic (docs/decisions/0003). */
  markUsed(hash: string, now: Date): Promise<boolean> {
    return this.locks.runExclusive(hash, async () => {
      const result = await this.collection.updateOne({ _id: hash, usedAt: null }, { $set: { usedAt: now } });
      return result.modifiedCount === 1;
    });
  }

  async revokeForPerson(municipalityId: string, personId: string): Promise<void> {
    await this.collection.updateMany({ municipalityId, personId, usedAt: null }, { $set: { usedAt: new Date() } });
  }

  async latestConfirmationExpiry(municipalityId: string, registrationId: string): Promise<Date | null> {
    const documents = await this.collection.find({ municipalityId, registrationId, kind: 'confirmation' }, { projection: { expiresAt: 1 } }).toArray();
    const latest = Math.max(...documents.map((d) => d.expiresAt.getTime()));
    return documents.length ? new Date(latest) : null;
  }

  /** FerretDB has no TTL indexes: the housekeeping timer removes tokens long expired. */
  async purgeExpiredBefore(date: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lt: date } })).deletedCount;
  }
}
