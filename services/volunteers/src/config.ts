import { z } from 'zod';
import { loadConfig, serviceBaseShape } from '@trygg/config';

export type VolunteersConfig = ReturnType<typeof loadVolunteersConfig>;

export function loadVolunteersConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...serviceBaseShape,
      /** Separate environments sharing one cluster (e.g. tests) use their own group. */
      CONSUMER_GROUP: z.string().regex(/^[a-z0-9._-]+$/).default('volunteers'),
      /** DEVELOPMENT ONLY: with `allow`, the staff API trusts the `x-dev-staff-municipality` header. */
      STAFF_DEV_GUARD: z.enum(['allow', 'deny']).default('deny'),
    },
    vars,
  );
}
