import { z } from 'zod';
import { env, loadConfig, serviceBaseShape } from '@trygg/config';

export type OnboardingConfig = ReturnType<typeof loadOnboardingConfig>;

export function loadOnboardingConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...serviceBaseShape,
      /** Separate environments sharing one cluster (e.g. tests beside a running system) use their own group. */
      CONSUMER_GROUP: z.string().regex(/^[a-z0-9._-]+$/).default('onboarding'),
      /**
       * DEVELOPMENT ONLY. Staff sign-in does not exist yet: with `allow`, the staff endpoints trust the
       * `x-dev-staff-municipality` header. Anything else (the default) answers 403 on every staff endpoint.
       */
      STAFF_DEV_GUARD: z.enum(['allow', 'deny']).default('deny'),
      /** How often the periodic check looks for reminders and timeouts that fell due. */
      TIMER_INTERVAL_MS: env.positiveInt.default(30_000),
    },
    vars,
  );
}
