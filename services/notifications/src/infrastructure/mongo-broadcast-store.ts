import type { mongo } from 'mongoose';
import type { Scoped } from './scoped';
import type { Broadcast, BroadcastStore } from '../application/ports';

type BroadcastDoc = Omit<Broadcast, 'id'> & { _id: string };

/** Broadcasts (area messages) with their recipient and message counts; read by municipality and `_id`. */
export class MongoBroadcastStore implements BroadcastStore {
  constructor(private readonly collection: mongo.Collection<BroadcastDoc>) {}

  /** Run by ServiceLifecycle once MongoDB is connected (safe to repeat): `unfinished` at start reads by status. */
  async onInfrastructureReady(): Promise<void> {
    await this.collection.createIndex({ status: 1 }, { name: 'status' });
  }

  async create(b: Broadcast): Promise<void> {
    const { id, ...rest } = b;
    await this.collection.insertOne({ _id: id, ...rest });
  }

  async get(municipalityId: string, id: string): Promise<Broadcast | null> {
    const filter: Scoped<BroadcastDoc> = { municipalityId, _id: id };
    const doc = await this.collection.findOne(filter);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: _id, ...rest };
  }

  async setCounts(municipalityId: string, id: string, recipients: number, messages: number): Promise<void> {
    const filter: Scoped<BroadcastDoc> = { municipalityId, _id: id };
    await this.collection.updateOne(filter, { $set: { recipients, messages } });
  }

  async finish(municipalityId: string, id: string, recipients: number, messages: number): Promise<void> {
    const filter: Scoped<BroadcastDoc> = { municipalityId, _id: id };
    await this.collection.updateOne(filter, { $set: { recipients, messages, status: 'fanned-out' } });
  }

  async unfinished(limit: number): Promise<Broadcast[]> {
    // Every municipality's: the process resumes what it had accepted before it died (few, and small documents).
    const docs = await this.collection.find({ status: 'fanning-out' }).sort({ createdAt: 1 }).limit(limit).toArray();
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }
}
