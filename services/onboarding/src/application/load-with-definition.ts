import { AnswerRefused } from './answer-refused';
import type { DefinitionCatalogue, InstanceRepository } from './ports';

/** Loads an instance and its own version of the definition (shared by the use cases that change an instance). */
export async function loadWithDefinition(catalogue: DefinitionCatalogue, instances: InstanceRepository, municipalityId: string, instanceId: string) {
  const stored = await instances.find(municipalityId, instanceId);
  if (!stored) throw new AnswerRefused('unknown-instance', `no instance ${instanceId} in ${municipalityId}`);
  const { instance } = stored;
  const definition = catalogue.version(instance.municipalityId, instance.kind, instance.processVersion);
  if (!definition) throw new AnswerRefused('unknown-version', `version ${instance.processVersion} of ${instance.kind} is not published`);
  return { stored, definition };
}
