import { consumerShape, env, loadConfig, rateLimitShape, selfServiceLinksSecretShape, serviceBaseShape, webPublicUrlShape } from '@trygg/config';

/** Every variable enrolment reads (.env.example lists them; the shared ones are declared in libs/config). */
export const enrolmentConfigShape = {
  ...serviceBaseShape,
  /** Links in emails (confirmation, "Mina uppgifter", activity checks) start with WEB_PUBLIC_URL. */
  ...webPublicUrlShape,
  /** Notifications' secret for POST /internal/links (checked by libs/auth's AccessGuard; unset: nobody gets links). */
  ...selfServiceLinksSecretShape,
  /** Consumes onboarding.completed.v1. */
  ...consumerShape('enrolment'),
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
  /** The limits of the public and link routes (per network; the form also per email, postal address and mobile), in Redis. */
  ...rateLimitShape,
  /** At most one confirmation email per email address per this many seconds (a repeated form meanwhile sends nothing). */
  CONFIRMATION_MAIL_INTERVAL_SECONDS: env.positiveInt.default(300),
};

export type EnrolmentConfig = ReturnType<typeof loadEnrolmentConfig>;

export function loadEnrolmentConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(enrolmentConfigShape, vars);
}
