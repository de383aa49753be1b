import type { SubjectKind } from '../domain/definition';
import type { Instance, TimelineEntry } from '../domain/engine';
import { processStats } from '../domain/stats';
import { AnswerRefused } from './apply-answer';
import type { DefinitionCatalogue, InstanceRepository } from './ports';

export interface InstanceView {
  instance: Omit<Instance, 'timeline'>;
  timeline: TimelineEntry[];
}

/** Visibility for coordinators and the police: one instance's timeline, a process version's lead times. */
export class OnboardingQueries {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
  ) {}

  async timeline(municipalityId: string, instanceId: string): Promise<InstanceView> {
    const stored = await this.instances.find(municipalityId, instanceId);
    if (!stored) throw new AnswerRefused('unknown-instance', `no instance ${instanceId}`);
    const { timeline, ...instance } = stored.instance;
    return { instance, timeline };
  }

  async bySubject(municipalityId: string, kind: SubjectKind, subjectId: string): Promise<Omit<Instance, 'timeline'> | undefined> {
    const stored = await this.instances.findBySubject(municipalityId, kind, subjectId);
    if (!stored) return undefined;
    const { timeline: _timeline, ...instance } = stored.instance;
    return instance;
  }

  async stats(municipalityId: string, kind: SubjectKind, version: number) {
    const definition = this.catalogue.version(municipalityId, kind, version);
    if (!definition) return undefined;
    const instances = await this.instances.listByProcess(municipalityId, kind, version);
    return { municipalityId, kind, version, ...processStats(definition.steps.map((s) => s.id), instances) };
  }
}
