import type { SubjectKind } from '../domain/definition';
import type { Instance } from '../domain/engine';
import type { InstanceRepository } from './ports';

/** The instance of a subject (e.g. the nomination id enrolment knows), without its timeline; undefined when none. */
export class FindInstanceBySubject {
  constructor(private readonly instances: InstanceRepository) {}

  async execute(municipalityId: string, kind: SubjectKind, subjectId: string): Promise<Omit<Instance, 'timeline'> | undefined> {
    const stored = await this.instances.findBySubject(municipalityId, kind, subjectId);
    if (!stored) return undefined;
    const { timeline: _timeline, ...instance } = stored.instance;
    return instance;
  }
}
