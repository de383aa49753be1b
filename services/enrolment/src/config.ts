import { z } from 'zod';
import { env, loadConfig, serviceBaseShape } from '@trygg/config';

export type EnrolmentConfig = ReturnType<typeof loadEnrolmentConfig>;

export function loadEnrolmentConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...serviceBaseShape,
      /** Where residents open links (the web front); links in emails start with it. */
      PUBLIC_BASE_URL: z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
        .default('http://127.0.0.1:3000'),
      /**
       * Shared secret other services send as `x-internal-token` to POST /internal/links. Unset (the default): the
       * internal endpoints answer 401 to everyone. At least 24 characters.
       */
      INTERNAL_API_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
      /**
       * DEVELOPMENT ONLY: `allow` opens the coordinator endpoints (/staff/*) to any caller that names a municipality in
       * the `x-dev-staff-municipality` header. Off by default; staff sign-in replaces it in a later issue.
       */
      STAFF_DEV_GUARD: z.enum(['off', 'allow']).default('off'),
      /** Consumer group for onboarding.completed.v1; separate environments sharing one cluster use their own. */
      CONSUMER_GROUP: z.string().regex(/^[a-z0-9._-]+$/).default('enrolment'),
      /**
       * Where a new consumer group starts: `true` (default) reads onboarding.completed.v1 from the oldest retained
       * message; tests sharing a broker with other teams use `false` so they do not re-handle others' old events.
       */
      CONSUMER_FROM_BEGINNING: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
      /** How often retention, half-done placements and expired links are looked after. */
      HOUSEKEEPING_INTERVAL_MS: env.positiveInt.default(60_000),
      /**
       * Registrations never confirmed are erased this many days after their 7-day confirmation link expired (so 21
       * days after the form with the default 14). Long enough for a late click to be told "expired, register again"
       * and for a delayed email to have gone out; short, because nobody agreed to anything yet and the address may
       * have been typed by someone else. At most 30: the confirmation email promises removal "within a few weeks".
       */
      UNCONFIRMED_RETENTION_DAYS: env.positiveInt.max(30, 'must be at most 30 (the confirmation email promises a few weeks)').default(14),
      /** At most this many unconfirmed registrations are erased per municipality per housekeeping round. */
      UNCONFIRMED_PURGE_BATCH: env.positiveInt.max(1000).default(100),
    },
    vars,
  );
}
