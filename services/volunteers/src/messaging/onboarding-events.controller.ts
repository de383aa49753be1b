import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventOf, OnboardingCompletedV1 } from '@trygg/contracts';
import { PermanentError } from '@trygg/messaging';
import { ApplyOnboardingOutcome } from '../application/apply-onboarding-outcome';

/** Onboarding's events: onboarding.completed.v1 → the walker's status. Other subjects' processes are not ours. */
@Controller()
export class OnboardingEventsController {
  constructor(private readonly applyOutcome: ApplyOnboardingOutcome) {}

  @EventPattern(OnboardingCompletedV1.type)
  async onboardingCompleted(@Payload() event: EventOf<typeof OnboardingCompletedV1>): Promise<void> {
    const { subject, outcome, reason } = event.payload;
    if (subject.kind !== 'volunteer') return;
    const result = await this.applyOutcome.execute(event.municipalityId, subject.id, outcome, reason);
    if (result === 'not-found') throw new PermanentError(`no volunteer ${subject.id} in ${event.municipalityId}`);
  }
}
