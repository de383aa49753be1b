import type { AuditActor } from '@trygg/audit';
import type { Instance, TimelineEntry } from '../domain/engine';
import { AnswerRefused } from './answer-refused';
import type { AuditLog, InstanceRepository } from './ports';

export interface InstanceView {
  instance: Omit<Instance, 'timeline'>;
  timeline: TimelineEntry[];
}

/** Visibility for coordinators: one instance and its timeline. Each view is audited (`timeline-viewed`, the viewer as actor). */
export class GetTimeline {
  constructor(
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute(municipalityId: string, instanceId: string, viewer: AuditActor, correlationId: string): Promise<InstanceView> {
    const stored = await this.instances.find(municipalityId, instanceId);
    if (!stored) throw new AnswerRefused('unknown-instance', `no instance ${instanceId}`);
    const { timeline, ...instance } = stored.instance;
    await this.audit.recordView({
      actor: viewer,
      action: 'timeline-viewed',
      subject: { kind: 'onboarding-instance', id: instance.id },
      municipalityId,
      correlationId,
      details: { entries: timeline.length },
    });
    return { instance, timeline };
  }
}
