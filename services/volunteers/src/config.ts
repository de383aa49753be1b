import { consumerShape, loadConfig, rateLimitShape, serviceBaseShape } from '@trygg/config';

/** Every variable volunteers reads (.env.example lists them; the shared ones are declared in libs/config). */
export const volunteersConfigShape = {
  ...serviceBaseShape,
  ...consumerShape('volunteers'),
  /** The limits of the public sign-up (per network, per email and mobile number), counted in Redis (libs/rate-limits). */
  ...rateLimitShape,
};

export type VolunteersConfig = ReturnType<typeof loadVolunteersConfig>;

export function loadVolunteersConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(volunteersConfigShape, vars);
}
