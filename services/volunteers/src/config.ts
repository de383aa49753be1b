import { consumerShape, env, loadConfig, rateLimitShape, selfServiceLinksSecretShape, serviceBaseShape, webPersonalDataSecretShape, webPublicUrlShape } from '@trygg/config';

/** Every variable volunteers reads (.env.example lists them; the shared ones are declared in libs/config). */
export const volunteersConfigShape = {
  ...serviceBaseShape,
  ...consumerShape('volunteers'),
  /** The limits of the public sign-up (per network, per email and mobile number), counted in Redis (libs/rate-limits). */
  ...rateLimitShape,
  /** The link of the walker's confirmation email starts with WEB_PUBLIC_URL (the web's confirm page). */
  ...webPublicUrlShape,
  /** Notifications' secret for POST /internal/links (the same as enrolment's; checked by libs/auth's AccessGuard). */
  ...selfServiceLinksSecretShape,
  /** How often sign-ups never confirmed and long-expired links are looked after. */
  HOUSEKEEPING_INTERVAL_MS: env.positiveInt.default(60_000),
  /**
   * Walker sign-ups never confirmed are erased this many days after their 7-day confirmation link expired, as
   * enrolment's registrations (UNCONFIRMED_RETENTION_DAYS there). At most 30: the confirmation email promises removal
   * within a few weeks.
   */
  UNCONFIRMED_RETENTION_DAYS: env.positiveInt.max(30, 'must be at most 30 (the confirmation email promises a few weeks)').default(14),
  /** At most this many unconfirmed sign-ups are erased per housekeeping round. */
  UNCONFIRMED_PURGE_BATCH: env.positiveInt.max(1000).default(100),
  /** The web's secret for GET /internal/personal-data/:personId ("Mina uppgifter": all the person's data); unset: 401. */
  ...webPersonalDataSecretShape,
};

export type VolunteersConfig = ReturnType<typeof loadVolunteersConfig>;

export function loadVolunteersConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(volunteersConfigShape, vars);
}
