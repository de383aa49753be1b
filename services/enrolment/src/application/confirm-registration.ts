import { checkToken, hashToken, looksLikeToken } from '../domain/link-token';
import { confirmRegistration, type EmailVerificationRequest, type Intent, type Language, RegistrationNotConfirmable } from '../domain/registration';
import { emailVerifiedEvent } from './answer-email-verification';
import { LinkRejected } from './errors';
import type { EventContext, PlaceRegistration, PlacementView } from './place-registration';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { residentActor } from './audit-actors';
import type { AuditEntry, LinkTokenStore, RegistrationRepository } from './ports';

export interface ConfirmationResult {
  status: 'confirmed';
  language: Language;
  intent: Intent;
  placement: PlacementView;
  /** A mobile number with the SMS choice: it must be confirmed by code (notifications) before any SMS goes to it. */
  smsRequested: boolean;
}

/**
 * The confirmation link (double opt-in). Valid 7 days, single use. Confirming is idempotent: a second, still
 * unused link of an already confirmed registration answers with its placement (and is used up). Onboarding's
 * email-verification requests that waited for the link are answered (approved) in the confirmation's own write.
 * One link opened twice at once (a double tap reaching two instances): both may confirm (the second write changes
 * nothing), but only the one whose conditional update used the link goes on to place; the other is told the link
 * was used. A crash between confirming and placing is finished by `ResumePendingPlacements`.
 */
export class ConfirmRegistration {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly tokens: LinkTokenStore,
    private readonly placer: PlaceRegistration,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(input: { municipalityId: string; token: string }, context: EventContext): Promise<ConfirmationResult> {
    if (!looksLikeToken(input.token)) throw new LinkRejected('token_invalid');
    const hash = hashToken(input.token);
    const token = await this.tokens.findByHash(hash);
    if (!token || token.kind !== 'confirmation' || token.municipalityId !== input.municipalityId || !token.registrationId) {
      throw new LinkRejected('token_invalid');
    }
    const check = checkToken(token, this.clock());
    if (check !== 'ok') throw new LinkRejected(check);

    let registration;
    let answered: EmailVerificationRequest[] = [];
    const now = this.clock();
    try {
      registration = await this.registrations.update(token.municipalityId, token.registrationId, (current) => {
        const result = confirmRegistration(current, now);
        answered = result.answered;
        const events = result.answered.map((request) => emailVerifiedEvent(current.municipalityId, request, now, now));
        return result.changed ? { next: result.registration, events } : null;
      });
    } catch (error) {
      if (error instanceof RegistrationNotConfirmable) throw new LinkRejected('token_invalid');
      throw error;
    }
    if (!registration) throw new LinkRejected('token_invalid');
    for (const request of answered) {
      await this.audit.record({
        municipalityId: registration.municipalityId,
        actor: residentActor(registration.personId, registration.municipalityId),
        action: 'email-verification-answered',
        correlationId: context.correlationId,
        subject: { kind: 'registration', id: registration.id },
        details: { instanceId: request.instanceId, stepId: request.stepId, attempt: request.attempt, subjectKind: request.subjectKind, outcome: 'approved', causationId: request.requestEventId },
      });
    }

    if (!(await this.tokens.markUsed(hash, this.clock()))) throw new LinkRejected('token_used');
    const placement =
      registration.placement.kind === 'pending'
        ? await this.placer.place(registration, { kind: 'auto' }, context)
        : ((await this.placer.describe(registration)) ?? { kind: 'triage' as const });
    return { status: 'confirmed', language: registration.language, intent: registration.intent, placement, smsRequested: registration.smsOptIn && registration.mobile !== null };
  }
}
