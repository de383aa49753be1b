import { z } from 'zod';
import { consumerShape, loadConfig, serviceBaseShape, webPersonalDataSecretShape } from '@trygg/config';

/** Every variable bra-review reads (.env.example lists them; the shared ones are declared in libs/config). */
export const braReviewConfigShape = {
  ...serviceBaseShape,
  ...consumerShape('bra-review'),
  /** The step type this plug-in does, as declared under `plugins:` in the municipality's definition. */
  PLUGIN_STEP_TYPE: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/).default('bra-review'),
  /** The actor id it answers with (`plugins.<type>.sender` in the definition). */
  PLUGIN_SENDER: z.string().min(1).max(200).default('bra-review'),
  /** The web's secret for GET /internal/personal-data/:personId ("Mina uppgifter": all the person's data); unset: 401. */
  ...webPersonalDataSecretShape,
};

export type BraReviewConfig = ReturnType<typeof loadBraReviewConfig>;

export function loadBraReviewConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(braReviewConfigShape, vars);
}
