import { consumerShape, loadConfig, serviceBaseShape, staffDevGuardShape } from '@trygg/config';

/** Every variable police-liaison reads (.env.example lists them; the shared ones are declared in libs/config). */
export const policeLiaisonConfigShape = {
  ...serviceBaseShape,
  ...consumerShape('police-liaison'),
  /** Police sign-in does not exist yet: with `allow`, the officer endpoints trust the `x-dev-police-area` header (403 otherwise). */
  ...staffDevGuardShape,
};

export type PoliceLiaisonConfig = ReturnType<typeof loadPoliceLiaisonConfig>;

export function loadPoliceLiaisonConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(policeLiaisonConfigShape, vars);
}
