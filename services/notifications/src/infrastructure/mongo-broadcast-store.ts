import type { mongo } from 'mongoose';
import type { ScopedFilter } from '@trygg/persistence';
import type { Broadcast, BroadcastStore } from '../application/ports';

type BroadcastDoc = Omit<Broadcast, 'id'> & { _id: string };

/** Broadcasts (area messages) with their recipient and message counts; read by `_id` only. */
export class MongoBroadcastStore implements BroadcastStore {
  constructor(private readonly collection: mongo.Collection<BroadcastDoc>) {}

  async create(b: Broadcast): Promise<void> {
    const { id, ...rest } = b;
    await this.collection.insertOne({ _id: id, ...rest });
  }

  async get(municipalityId: string, id: string): Promise<Broadcast | null> {
    const filter: ScopedFilter<BroadcastDoc> = { municipalityId, _id: id } as ScopedFilter<BroadcastDoc>;
    const doc = await this.collection.findOne(filter as never);
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { id: _id, ...rest };
  }

  async setCounts(id: string, recipients: number, messages: number): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { recipients, messages } });
  }
}
