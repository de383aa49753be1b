import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventOf, OnboardingCompletedV1, OnboardingStepRequestedV1 } from '@trygg/contracts';
import { PermanentError } from '@trygg/messaging';
import { type Logger, LOGGER } from '@trygg/observability';
import { AnswerEmailVerification } from '../application/answer-email-verification';
import { ApplyOnboardingOutcome } from '../application/apply-onboarding-outcome';

/** Onboarding's events: outcomes of contact-person and member onboarding, and email-verification step requests. Thin: translate and delegate. */
@Controller()
export class OnboardingEventsController {
  constructor(
    private readonly applyOutcome: ApplyOnboardingOutcome,
    private readonly answerEmailVerification: AnswerEmailVerification,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(OnboardingCompletedV1.type)
  async onboardingCompleted(@Payload() event: EventOf<typeof OnboardingCompletedV1>): Promise<void> {
    const result = await this.applyOutcome.execute({
      eventId: event.eventId,
      municipalityId: event.municipalityId,
      correlationId: event.correlationId,
      subject: event.payload.subject,
      outcome: event.payload.outcome,
      reason: event.payload.reason,
    });
    // A contact-person outcome for a nomination we never made cannot succeed on retry: dead-letter it.
    if (result === 'unknown-nomination') throw new PermanentError(`no group has nomination ${event.payload.subject.id}`);
    // A rejected member enrolment has no registration for has nothing to remove: logged, not dead-lettered.
    if (result === 'unknown-member') this.logger.warn({ eventId: event.eventId, memberId: event.payload.subject.id }, 'member onboarding rejected, but the member is unknown');
  }

  @EventPattern(OnboardingStepRequestedV1.type)
  async stepRequested(@Payload() event: EventOf<typeof OnboardingStepRequestedV1>): Promise<void> {
    const p = event.payload;
    const result = await this.answerEmailVerification.execute({
      eventId: event.eventId,
      municipalityId: event.municipalityId,
      correlationId: event.correlationId,
      instanceId: p.instanceId,
      stepId: p.stepId,
      stepType: p.stepType,
      attempt: p.attempt,
      subject: p.subject,
    });
    // Unknown or erased: no answer (onboarding ends an erased person's instances itself); logged, not dead-lettered.
    if (result === 'unknown-subject' || result === 'erased') {
      this.logger.warn({ eventId: event.eventId, instanceId: p.instanceId, subjectKind: p.subject.kind, subjectId: p.subject.id, result }, 'email-verification request not answered');
    } else if (result !== 'not-ours') {
      this.logger.info({ eventId: event.eventId, instanceId: p.instanceId, stepId: p.stepId, result }, 'email-verification request');
    }
  }
}
