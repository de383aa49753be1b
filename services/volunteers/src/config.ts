import { consumerShape, webPersonalDataSecretShape, loadConfig, serviceBaseShape } from '@trygg/config';

/** Every variable volunteers reads (.env.example lists them; the shared ones are declared in libs/config). */
export const volunteersConfigShape = {
  ...serviceBaseShape,
  ...consumerShape('volunteers'),
  /** The web's secret for GET /internal/personal-data/:personId ("Mina uppgifter": all the person's data); unset: 401. */
  ...webPersonalDataSecretShape,
};

export type VolunteersConfig = ReturnType<typeof loadVolunteersConfig>;

export function loadVolunteersConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(volunteersConfigShape, vars);
}
