import type { AuditActor } from '@trygg/audit';
import type { SubjectKind } from '../domain/definition';
import type { Instance } from '../domain/engine';
import type { AuditLog, InstanceRepository } from './ports';

/**
 * The instance of a subject (e.g. the nomination id enrolment knows), without its timeline; undefined when none.
 * A found instance's view is audited (`instance-viewed`, the viewer as actor).
 */
export class FindInstanceBySubject {
  constructor(
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(municipalityId: string, kind: SubjectKind, subjectId: string, viewer: AuditActor, correlationId: string): Promise<Omit<Instance, 'timeline'> | undefined> {
    const stored = await this.instances.findBySubject(municipalityId, kind, subjectId);
    if (!stored) return undefined;
    const { timeline: _timeline, ...instance } = stored.instance;
    await this.audit.recordView({
      actor: viewer,
      action: 'instance-viewed',
      subject: { kind: 'onboarding-instance', id: instance.id },
      municipalityId,
      correlationId,
      details: { subjectKind: kind },
    });
    return instance;
  }
}
