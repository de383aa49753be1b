import { consumerShape, loadConfig, serviceBaseShape } from '@trygg/config';

/** Every variable volunteers reads (.env.example lists them; the shared ones are declared in libs/config). */
export const volunteersConfigShape = {
  ...serviceBaseShape,
  ...consumerShape('volunteers'),
};

export type VolunteersConfig = ReturnType<typeof loadVolunteersConfig>;

export function loadVolunteersConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(volunteersConfigShape, vars);
}
