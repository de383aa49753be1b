import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  ContactPersonNominatedV1,
  type EventEnvelope,
  type EventOf,
  MemberJoinedV1,
  OnboardingStepCompletedV1,
  OnboardingStepRequestedV1,
  ProtectedIdentityChangedV1,
  ResidentErasedV1,
  VolunteerErasedV1,
  VolunteerSignedUpV1,
} from '@trygg/contracts';
import { type EventContext, PermanentError } from '@trygg/messaging';
import { type Logger, LOGGER } from '@trygg/observability';
import { AnswerAutomaticStep } from '../application/answer-automatic-step';
import { AnswerRefused } from '../application/answer-refused';
import { ApplyStepAnswer } from '../application/apply-step-answer';
import { ChangeProtectedIdentity } from '../application/change-protected-identity';
import { EraseSubject } from '../application/erase-subject';
import { NoProcess, type StartCommand, StartOnboarding } from '../application/start-onboarding';

const causeOf = (event: EventEnvelope) => ({ correlationId: event.correlationId, causationId: event.eventId });

/**
 * Onboarding's events (libs/contracts subscriptions 'onboarding'), one method per type. Thin: translate, delegate,
 * and turn refusals (no process to start, an answer the instance refuses) into dead letters, with a log line.
 */
@Controller()
export class OnboardingEventsController {
  constructor(
    private readonly start: StartOnboarding,
    private readonly applyAnswer: ApplyStepAnswer,
    private readonly answerAutomatic: AnswerAutomaticStep,
    private readonly erase: EraseSubject,
    private readonly changeProtectedIdentity: ChangeProtectedIdentity,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(ContactPersonNominatedV1.type)
  async contactPersonNominated(@Payload() event: EventOf<typeof ContactPersonNominatedV1>): Promise<void> {
    const p = event.payload;
    await this.startOnboarding(event, { municipalityId: event.municipalityId, kind: 'contact-person', subjectId: p.nominationId, personId: p.personId, subjectFields: p.subjectFields, protectedIdentity: p.protectedIdentity, policeAreaId: p.policeAreaId });
  }

  @EventPattern(MemberJoinedV1.type)
  async memberJoined(@Payload() event: EventOf<typeof MemberJoinedV1>): Promise<void> {
    const p = event.payload;
    await this.startOnboarding(event, { municipalityId: event.municipalityId, kind: 'member', subjectId: p.memberId, personId: p.personId, subjectFields: p.subjectFields, protectedIdentity: p.protectedIdentity, policeAreaId: null });
  }

  @EventPattern(VolunteerSignedUpV1.type)
  async volunteerSignedUp(@Payload() event: EventOf<typeof VolunteerSignedUpV1>): Promise<void> {
    const p = event.payload;
    await this.startOnboarding(event, { municipalityId: event.municipalityId, kind: 'volunteer', subjectId: p.volunteerId, personId: p.personId, subjectFields: p.subjectFields, protectedIdentity: p.protectedIdentity, policeAreaId: null });
  }

  @EventPattern(OnboardingStepCompletedV1.type)
  async stepCompleted(@Payload() event: EventOf<typeof OnboardingStepCompletedV1>, @Ctx() context: EventContext): Promise<void> {
    const { instanceId, ...answer } = event.payload;
    try {
      // Who answered is bound to who sent it (the producer header): never to the payload's actor alone.
      await this.applyAnswer.execute(event.municipalityId, instanceId, event.eventId, answer, causeOf(event), context.producer);
    } catch (error) {
      if (error instanceof AnswerRefused) {
        // State unchanged; the reason is logged and travels with the message to the dead-letter topic.
        this.logger.warn({ eventId: event.eventId, instanceId, stepId: answer.stepId, actor: answer.actor, producer: context.producer, refusal: error.refusal, reason: error.message }, 'step answer refused');
        throw new PermanentError(error.message);
      }
      throw error;
    }
  }

  @EventPattern(OnboardingStepRequestedV1.type)
  async stepRequested(@Payload() event: EventOf<typeof OnboardingStepRequestedV1>): Promise<void> {
    // Only automatic built-in steps are answered here; every other request is for a person or a plug-in.
    await this.answerAutomatic.execute(event.municipalityId, event.eventId, event.payload, causeOf(event));
  }

  @EventPattern(ResidentErasedV1.type)
  async residentErased(@Payload() event: EventOf<typeof ResidentErasedV1>): Promise<void> {
    await this.erase.execute(event.municipalityId, event.payload.personId, causeOf(event));
  }

  @EventPattern(VolunteerErasedV1.type)
  async volunteerErased(@Payload() event: EventOf<typeof VolunteerErasedV1>): Promise<void> {
    await this.erase.execute(event.municipalityId, event.payload.personId, causeOf(event));
  }

  @EventPattern(ProtectedIdentityChangedV1.type)
  async protectedIdentityChanged(@Payload() event: EventOf<typeof ProtectedIdentityChangedV1>): Promise<void> {
    await this.changeProtectedIdentity.execute(event.municipalityId, event.payload.personId, event.payload.protectedIdentity, event.eventId);
  }

  private async startOnboarding(event: EventEnvelope, command: StartCommand): Promise<void> {
    try {
      await this.start.execute(command, causeOf(event));
    } catch (error) {
      if (error instanceof NoProcess) {
        this.logger.warn({ eventId: event.eventId, type: event.type, reason: error.message }, 'cannot start onboarding');
        throw new PermanentError(error.message);
      }
      throw error;
    }
  }
}
