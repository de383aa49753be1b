import type { mongo } from 'mongoose';

/**
 * A driver filter that must name the municipality (the driver's counterpart of libs/persistence's ScopedFilter,
 * which is mongoose's): a store method building one cannot leave the tenant out, and needs no cast to query with it.
 */
export type Scoped<D> = mongo.Filter<D> & { municipalityId: string };
