import type { SubjectKind } from '../domain/definition';
import { processStats } from '../domain/stats';
import type { DefinitionCatalogue, InstanceRepository } from './ports';

/** A process version's lead times: per step, how many instances wait there and the median time spent in it. */
export class GetProcessStats {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
  ) {}

  /** undefined when the version is not published. */
  async execute(municipalityId: string, kind: SubjectKind, version: number) {
    const definition = this.catalogue.version(municipalityId, kind, version);
    if (!definition) return undefined;
    const instances = await this.instances.listByProcess(municipalityId, kind, version);
    return { municipalityId, kind, version, ...processStats(definition.steps.map((s) => s.id), instances) };
  }
}
