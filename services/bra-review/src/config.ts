import { z } from 'zod';
import { loadConfig, serviceBaseShape } from '@trygg/config';

export type BraReviewConfig = ReturnType<typeof loadBraReviewConfig>;

export function loadBraReviewConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...serviceBaseShape,
      CONSUMER_GROUP: z.string().regex(/^[a-z0-9._-]+$/).default('bra-review'),
      /** The step type this plug-in does, as declared under `plugins:` in the municipality's definition. */
      PLUGIN_STEP_TYPE: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/).default('bra-review'),
      /** The actor id it answers with (`plugins.<type>.sender` in the definition). */
      PLUGIN_SENDER: z.string().min(1).max(200).default('bra-review'),
      /** DEVELOPMENT ONLY: with `allow`, the endpoints trust the `x-dev-staff-municipality` header. */
      STAFF_DEV_GUARD: z.enum(['allow', 'deny']).default('deny'),
    },
    vars,
  );
}
