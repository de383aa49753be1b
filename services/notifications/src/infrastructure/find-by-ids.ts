import type { mongo } from 'mongoose';

/** Documents by `_id` in one query, in the order asked (null for one that is not there). */
export async function findByIds<D extends { _id: string }>(collection: mongo.Collection<D>, ids: string[]): Promise<Array<D | null>> {
  const docs = await collection.find({ _id: { $in: [...new Set(ids)] } } as never).toArray();
  const byId = new Map<string, D>(docs.map((d) => [String(d._id), d as D]));
  return ids.map((id) => byId.get(id) ?? null);
}
