import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventOf, OnboardingCompletedV1, OnboardingStepRequestedV1 } from '@trygg/contracts';
import { PermanentError } from '@trygg/messaging';
import { ApplyOnboardingOutcome } from '../application/apply-onboarding-outcome';
import { RecordOnboardingStep } from '../application/list-volunteers';

/**
 * Onboarding's events: onboarding.completed.v1 → the walker's status; onboarding.step-requested.v1 → the step the
 * walker waits at (the coordinator's list). Other subjects' processes are not ours.
 */
@Controller()
export class OnboardingEventsController {
  constructor(
    private readonly applyOutcome: ApplyOnboardingOutcome,
    private readonly recordStep: RecordOnboardingStep,
  ) {}

  @EventPattern(OnboardingStepRequestedV1.type)
  async stepRequested(@Payload() event: EventOf<typeof OnboardingStepRequestedV1>): Promise<void> {
    const { subject, stepId, stepType, attempt } = event.payload;
    if (subject.kind !== 'volunteer') return;
    // A walker erased or purged meanwhile is simply not there any more: nothing to record, nothing to retry.
    await this.recordStep.execute(event.municipalityId, subject.id, { stepId, stepType, attempt, requestedAt: event.occurredAt });
  }

  @EventPattern(OnboardingCompletedV1.type)
  async onboardingCompleted(@Payload() event: EventOf<typeof OnboardingCompletedV1>): Promise<void> {
    const { subject, outcome, reason } = event.payload;
    if (subject.kind !== 'volunteer') return;
    const result = await this.applyOutcome.execute(event.municipalityId, subject.id, outcome, reason);
    if (result === 'not-found') throw new PermanentError(`no volunteer ${subject.id} in ${event.municipalityId}`);
  }
}
