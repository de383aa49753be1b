import { createEvent, type EventEnvelope, OnboardingStepCompletedV1 } from '@trygg/contracts';
import { type EmailVerificationRequest, type Registration, requestEmailVerification } from '../domain/registration';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { systemActor } from './audit-actors';
import type { AuditEntry, GroupRepository, RegistrationRepository } from './ports';

/** The step type enrolment answers: it owns the double opt-in link. */
export const EMAIL_VERIFICATION = 'email-verification';
/** Who answers: onboarding allows `subject` or `system` for email-verification steps. */
export const ENROLMENT_ACTOR = { kind: 'system' as const, id: 'enrolment' };

export interface StepRequest {
  eventId: string;
  municipalityId: string;
  correlationId: string;
  instanceId: string;
  stepId: string;
  stepType: string;
  attempt: number;
  subject: { kind: 'member' | 'contact-person' | 'volunteer'; id: string; personId: string };
}

export type EmailVerificationResult = 'not-ours' | 'unknown-subject' | 'erased' | 'already-seen' | 'waiting' | 'answered';

/**
 * The answer to an email-verification step: approved by enrolment, as the person used the confirmation link
 * (double opt-in) at `confirmedAt`. Goes out through the registration's outbox, in the write that records it.
 */
export function emailVerifiedEvent(municipalityId: string, request: EmailVerificationRequest, confirmedAt: Date, now: Date): EventEnvelope {
  return createEvent(
    OnboardingStepCompletedV1,
    { municipalityId, correlationId: request.correlationId, causationId: request.requestEventId },
    {
      instanceId: request.instanceId,
      stepId: request.stepId,
      stepType: request.stepType,
      attempt: request.attempt,
      outcome: 'approved',
      reason: `The email address was confirmed with the double opt-in link at ${confirmedAt.toISOString()}.`,
      actor: ENROLMENT_ACTOR,
      evidence: null,
    },
    now,
  );
}

/**
 * Onboarding asks for an `email-verification` step of a member (subject id = memberId) or a contact person
 * (subject id = nominationId). Confirmed registration → approved at once; not yet confirmed → the request waits on
 * the registration and is answered in the confirmation's write (ConfirmRegistration). Other step types and
 * volunteers are not ours; an unknown or erased person gets no answer. Idempotent per instance, step and attempt.
 */
export class AnswerEmailVerification {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(request: StepRequest): Promise<EmailVerificationResult> {
    if (request.stepType !== EMAIL_VERIFICATION) return 'not-ours';
    const subjectKind = request.subject.kind;
    if (subjectKind === 'volunteer') return 'not-ours';
    const found = await this.registrationOf(request.municipalityId, subjectKind, request.subject.id);
    if (!found || found.personId !== request.subject.personId) return 'unknown-subject';

    const now = this.clock();
    let result = 'already-seen' as EmailVerificationResult;
    const entry = { requestEventId: request.eventId, correlationId: request.correlationId, instanceId: request.instanceId, stepId: request.stepId, stepType: request.stepType, attempt: request.attempt, subjectKind };
    await this.registrations.update(request.municipalityId, found.id, (current) => {
      const decision = requestEmailVerification(current, entry, now);
      result = decision.kind === 'answer' ? 'answered' : decision.kind === 'wait' ? 'waiting' : decision.kind;
      if (decision.kind === 'answer') return { next: decision.registration, events: [emailVerifiedEvent(current.municipalityId, decision.request, decision.confirmedAt, now)] };
      if (decision.kind === 'wait') return { next: decision.registration, events: [] };
      return null;
    });
    if (result === 'answered' || result === 'waiting') {
      await this.audit.record({
        municipalityId: request.municipalityId,
        actor: systemActor('onboarding', request.municipalityId),
        action: result === 'answered' ? 'email-verification-answered' : 'email-verification-waiting',
        correlationId: request.correlationId,
        subject: { kind: 'registration', id: found.id },
        details: { instanceId: request.instanceId, stepId: request.stepId, attempt: request.attempt, subjectKind, outcome: result === 'answered' ? 'approved' : null, causationId: request.eventId },
      });
    }
    return result;
  }

  private async registrationOf(municipalityId: string, kind: 'member' | 'contact-person', subjectId: string): Promise<Registration | null> {
    if (kind === 'member') return this.registrations.findByMemberId(municipalityId, subjectId);
    const group = await this.groups.findByNomination(municipalityId, subjectId);
    const nomination = group?.nominations[subjectId];
    const registrationId = nomination ? group.members[nomination.memberId]?.registrationId : null;
    return registrationId ? this.registrations.findById(municipalityId, registrationId) : null;
  }
}
