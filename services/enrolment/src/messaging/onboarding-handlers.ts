import { isEvent, OnboardingCompletedV1, OnboardingStepRequestedV1 } from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { Logger } from '@trygg/observability';
import type { AnswerEmailVerification } from '../application/answer-email-verification';
import type { ApplyOnboardingOutcome } from '../application/apply-onboarding-outcome';

/** Topic → use case. Thin: translate and delegate. */
export function onboardingHandlers(applyOutcome: ApplyOnboardingOutcome, answerEmailVerification: AnswerEmailVerification, logger: Logger): Record<string, EventHandler> {
  return {
    [OnboardingCompletedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingCompletedV1)) throw new PermanentError(`unexpected ${event.type}`);
      const result = await applyOutcome.execute({
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
      if (result === 'unknown-member') logger.warn({ eventId: event.eventId, memberId: event.payload.subject.id }, 'member onboarding rejected, but the member is unknown');
    },
    [OnboardingStepRequestedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingStepRequestedV1)) throw new PermanentError(`unexpected ${event.type}`);
      const p = event.payload;
      const result = await answerEmailVerification.execute({
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
        logger.warn({ eventId: event.eventId, instanceId: p.instanceId, subjectKind: p.subject.kind, subjectId: p.subject.id, result }, 'email-verification request not answered');
      } else if (result !== 'not-ours') {
        logger.info({ eventId: event.eventId, instanceId: p.instanceId, stepId: p.stepId, result }, 'email-verification request');
      }
    },
  };
}
