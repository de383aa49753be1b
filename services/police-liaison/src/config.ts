import { consumerShape, webPersonalDataSecretShape, loadConfig, selfServiceLinksSecretShape, serviceBaseShape, webPublicUrlShape } from '@trygg/config';

/** Every variable police-liaison reads (.env.example lists them; the shared ones are declared in libs/config). */
export const policeLiaisonConfigShape = {
  ...serviceBaseShape,
  ...consumerShape('police-liaison'),
  /** The web's secret for GET /internal/personal-data/:personId ("Mina uppgifter": all the person's data); unset: 401. */
  ...webPersonalDataSecretShape,
  /** Notifications' secret for POST /internal/links (the members' RSVP links to start meetings); unset: 401. */
  ...selfServiceLinksSecretShape,
  /** RSVP links in invitations start with WEB_PUBLIC_URL (the web's page /<municipality>/uppstartsmote/<token>). */
  ...webPublicUrlShape,
};

export type PoliceLiaisonConfig = ReturnType<typeof loadPoliceLiaisonConfig>;

export function loadPoliceLiaisonConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(policeLiaisonConfigShape, vars);
}
