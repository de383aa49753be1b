import type { Instance, TimelineEntry } from '../domain/engine';
import { AnswerRefused } from './answer-refused';
import type { InstanceRepository } from './ports';

export interface InstanceView {
  instance: Omit<Instance, 'timeline'>;
  timeline: TimelineEntry[];
}

/** Visibility for coordinators and the police: one instance and its timeline. */
export class GetTimeline {
  constructor(private readonly instances: InstanceRepository) {}

  async execute(municipalityId: string, instanceId: string): Promise<InstanceView> {
    const stored = await this.instances.find(municipalityId, instanceId);
    if (!stored) throw new AnswerRefused('unknown-instance', `no instance ${instanceId}`);
    const { timeline, ...instance } = stored.instance;
    return { instance, timeline };
  }
}
