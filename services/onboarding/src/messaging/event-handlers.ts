import {
  ContactPersonNominatedV1,
  isEvent,
  MemberJoinedV1,
  OnboardingStepCompletedV1,
  OnboardingStepRequestedV1,
  ResidentErasedV1,
  VolunteerErasedV1,
  VolunteerSignedUpV1,
  type EventEnvelope,
} from '@trygg/contracts';
import { type EventHandler, PermanentError } from '@trygg/messaging';
import type { Logger } from 'pino';
import { AnswerRefused, type ApplyStepAnswer } from '../application/apply-answer';
import { NoProcess, type StartCommand, type StartOnboarding } from '../application/start-onboarding';
import type { AnswerAutomaticStep } from '../application/submit-answer';
import type { EraseSubject } from '../application/withdraw';

export interface OnboardingUseCases {
  start: StartOnboarding;
  applyAnswer: ApplyStepAnswer;
  answerAutomatic: AnswerAutomaticStep;
  erase: EraseSubject;
}

const causeOf = (event: EventEnvelope) => ({ correlationId: event.correlationId, causationId: event.eventId });

/** Topic → use case. Thin: translate, delegate, and turn refusals into dead letters (with a log line). */
export function eventHandlers(useCases: OnboardingUseCases, logger: Logger): Record<string, EventHandler> {
  const start = async (event: EventEnvelope, command: StartCommand) => {
    try {
      await useCases.start.execute(command, causeOf(event));
    } catch (error) {
      if (error instanceof NoProcess) {
        logger.warn({ eventId: event.eventId, type: event.type, reason: error.message }, 'cannot start onboarding');
        throw new PermanentError(error.message);
      }
      throw error;
    }
  };
  return {
    [ContactPersonNominatedV1.type]: async (event) => {
      if (!isEvent(event, ContactPersonNominatedV1)) throw new PermanentError(`unexpected ${event.type}`);
      const p = event.payload;
      await start(event, { municipalityId: event.municipalityId, kind: 'contact-person', subjectId: p.nominationId, personId: p.personId, subjectFields: p.subjectFields, policeAreaId: p.policeAreaId });
    },
    [MemberJoinedV1.type]: async (event) => {
      if (!isEvent(event, MemberJoinedV1)) throw new PermanentError(`unexpected ${event.type}`);
      const p = event.payload;
      await start(event, { municipalityId: event.municipalityId, kind: 'member', subjectId: p.memberId, personId: p.personId, subjectFields: p.subjectFields, policeAreaId: null });
    },
    [VolunteerSignedUpV1.type]: async (event) => {
      if (!isEvent(event, VolunteerSignedUpV1)) throw new PermanentError(`unexpected ${event.type}`);
      const p = event.payload;
      await start(event, { municipalityId: event.municipalityId, kind: 'volunteer', subjectId: p.volunteerId, personId: p.personId, subjectFields: p.subjectFields, policeAreaId: null });
    },
    [OnboardingStepCompletedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingStepCompletedV1)) throw new PermanentError(`unexpected ${event.type}`);
      const { instanceId, ...answer } = event.payload;
      try {
        await useCases.applyAnswer.execute(event.municipalityId, instanceId, event.eventId, answer, causeOf(event));
      } catch (error) {
        if (error instanceof AnswerRefused) {
          // State unchanged; the reason is logged and travels with the message to the dead-letter topic.
          logger.warn({ eventId: event.eventId, instanceId, stepId: answer.stepId, actor: answer.actor, refusal: error.refusal, reason: error.message }, 'step answer refused');
          throw new PermanentError(error.message);
        }
        throw error;
      }
    },
    [ResidentErasedV1.type]: async (event) => {
      if (!isEvent(event, ResidentErasedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await useCases.erase.execute(event.municipalityId, event.payload.personId, causeOf(event));
    },
    [VolunteerErasedV1.type]: async (event) => {
      if (!isEvent(event, VolunteerErasedV1)) throw new PermanentError(`unexpected ${event.type}`);
      await useCases.erase.execute(event.municipalityId, event.payload.personId, causeOf(event));
    },
    [OnboardingStepRequestedV1.type]: async (event) => {
      if (!isEvent(event, OnboardingStepRequestedV1)) throw new PermanentError(`unexpected ${event.type}`);
      // Only automatic built-in steps are answered here; every other request is for a person or a plug-in.
      await useCases.answerAutomatic.execute(event.municipalityId, event.eventId, event.payload, causeOf(event));
    },
  };
}
