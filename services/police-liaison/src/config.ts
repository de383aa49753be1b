import { z } from 'zod';
import { loadConfig, serviceBaseShape } from '@trygg/config';

export type PoliceLiaisonConfig = ReturnType<typeof loadPoliceLiaisonConfig>;

export function loadPoliceLiaisonConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...serviceBaseShape,
      CONSUMER_GROUP: z.string().regex(/^[a-z0-9._-]+$/).default('police-liaison'),
      /**
       * DEVELOPMENT ONLY. Police sign-in does not exist yet: with `allow`, the officer endpoints trust the
       * `x-dev-police-area` header. Anything else (the default) answers 403.
       */
      STAFF_DEV_GUARD: z.enum(['allow', 'deny']).default('deny'),
    },
    vars,
  );
}
