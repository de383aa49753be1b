import type { mongo } from 'mongoose';
import type { Scoped } from './scoped';

/** Documents by `_id` in one query, in the order asked (null for one that is not there). */
export async function findByIds<D extends { _id: string }>(collection: mongo.Collection<D>, ids: string[]): Promise<Array<D | null>> {
  const docs = await collection.find({ _id: { $in: [...new Set(ids)] } } as never).toArray();
  const byId = new Map<string, D>(docs.map((d) => [String(d._id), d as D]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * Documents of a municipality by `_id`, for keys of possibly several municipalities: one query per municipality
 * (in practice one), each filtered by it; null for a key not there in its municipality.
 */
export async function findScopedByIds<D extends { _id: string; municipalityId: string }>(
  collection: mongo.Collection<D>,
  keys: ReadonlyArray<{ municipalityId: string; id: string }>,
): Promise<Array<D | null>> {
  const byMunicipality = new Map<string, Set<string>>();
  for (const k of keys) byMunicipality.set(k.municipalityId, (byMunicipality.get(k.municipalityId) ?? new Set()).add(k.id));
  const found = new Map<string, D>();
  for (const [municipalityId, ids] of byMunicipality) {
    const filter = { municipalityId, _id: { $in: [...ids] } } as Scoped<D>;
    for (const d of await collection.find(filter).toArray()) found.set(`${municipalityId}\u0000${String(d._id)}`, d as D);
  }
  return keys.map((k) => found.get(`${k.municipalityId}\u0000${k.id}`) ?? null);
}
