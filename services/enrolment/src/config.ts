import { loadConfig, serviceBaseShape } from '@trygg/config';

export type EnrolmentConfig = ReturnType<typeof loadEnrolmentConfig>;

export function loadEnrolmentConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(serviceBaseShape, env);
}
