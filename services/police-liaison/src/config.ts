import { consumerShape, env, rateLimitShape, selfServiceLinksSecretShape, webObservationsSecretShape, webPersonalDataSecretShape, loadConfig, serviceBaseShape, webPublicUrlShape } from '@trygg/config';

/** Every variable police-liaison reads (.env.example lists them; the shared ones are declared in libs/config). */
export const policeLiaisonConfigShape = {
  ...serviceBaseShape,
  ...consumerShape('police-liaison'),
  /** The web's secret for GET /internal/personal-data/:personId ("Mina uppgifter": all the person's data); unset: 401. */
  ...webPersonalDataSecretShape,
  /** How often housekeeping looks for cases past their approval target (one reminder each); default hourly. */
  HOUSEKEEPING_INTERVAL_MS: env.positiveInt.default(3_600_000),
  /** The web's secret for POST /internal/observations (a resident's observation from their self-service link); unset: 401. */
  ...webObservationsSecretShape,
  /** REDIS_URL and RATE_LIMIT_KEY_PREFIX: the per-person limit on observations (libs/rate-limits; the other limits are not used here). */
  ...rateLimitShape,
  /** Notifications' secret for POST /internal/links (the members' RSVP links to start meetings); unset: 401. */
  ...selfServiceLinksSecretShape,
  /** RSVP links in invitations start with WEB_PUBLIC_URL (the web's page /<municipality>/uppstartsmote/<token>). */
  ...webPublicUrlShape,
};

export type PoliceLiaisonConfig = ReturnType<typeof loadPoliceLiaisonConfig>;

export function loadPoliceLiaisonConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(policeLiaisonConfigShape, vars);
}
