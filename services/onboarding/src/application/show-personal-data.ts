import type { OnboardingPersonalData } from '@trygg/http-contracts';
import type { InstanceRepository } from './ports';

/**
 * "Mina uppgifter" (GDPR Art. 15): the person's onboarding instances — process, status, the subject fields the
 * process holds, and each step with its status, outcome and times. Reviewers' internal notes are left out: the reason
 * a staff member, officer or plug-in wrote, who they are (only the kind of answerer is shown), the evidence of who saw
 * a document, and the timeline's reasons.
 */
export class ShowPersonalData {
  constructor(private readonly instances: Pick<InstanceRepository, 'ofPerson'>) {}

  async execute(municipalityId: string, personId: string): Promise<OnboardingPersonalData> {
    const instances = await this.instances.ofPerson(municipalityId, personId);
    return {
      instances: instances.map((i) => ({
        id: i.id,
        kind: i.kind,
        processVersion: i.processVersion,
        status: i.status,
        startedAt: i.startedAt,
        completedAt: i.completedAt,
        subjectFields: { ...i.subjectFields },
        steps: i.steps.map((s) => ({
          id: s.id,
          type: s.type,
          status: s.status,
          attempt: s.attempt,
          firstRequestedAt: s.firstRequestedAt,
          answeredAt: s.answeredAt,
          outcome: s.outcome,
          answeredBy: s.actor?.kind ?? null,
        })),
      })),
    };
  }
}
