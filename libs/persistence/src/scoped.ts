import type { QueryFilter } from 'mongoose';

/**
 * Tenant scoping in the type system (after Novu's EnforceEnvOrOrgIds): a repository method that takes a
 * ScopedFilter cannot be called without the municipality, so one municipality never reads another's data.
 */
export type ScopedFilter<T> = QueryFilter<T> & { municipalityId: string };
