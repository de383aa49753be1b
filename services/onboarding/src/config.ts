import { consumerShape, webPersonalDataSecretShape, env, loadConfig, serviceBaseShape } from '@trygg/config';

/** Every variable onboarding reads (.env.example lists them; the shared ones are declared in libs/config). */
export const onboardingConfigShape = {
  ...serviceBaseShape,
  ...consumerShape('onboarding'),
  /** The web's secret for GET /internal/personal-data/:personId ("Mina uppgifter": all the person's data); unset: 401. */
  ...webPersonalDataSecretShape,
  /** How often the periodic check looks for reminders and timeouts that fell due. */
  TIMER_INTERVAL_MS: env.positiveInt.default(30_000),
};

export type OnboardingConfig = ReturnType<typeof loadOnboardingConfig>;

export function loadOnboardingConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(onboardingConfigShape, vars);
}
