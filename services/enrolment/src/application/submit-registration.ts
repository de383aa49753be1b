import { createEvent, RegistrationSubmittedV1 } from '@trygg/contracts';
import { dedupeKeyOf, type Registration, requestConfirmationAgain, submitRegistration } from '../domain/registration';
import { FieldRejected, UnknownMunicipality } from './errors';
import { type Clock, systemClock } from '@trygg/values';
import { type ConfirmationMailThrottle, type IdGenerator, type MunicipalityCatalogue, type RegistrationRepository, unthrottledConfirmationMails } from './ports';
import type { RegistrationInput } from './registration-input';

export function registrationSubmittedEvent(registration: Registration, correlationId: string, now: Date) {
  return createEvent(
    RegistrationSubmittedV1,
    { municipalityId: registration.municipalityId, correlationId },
    { registrationId: registration.id, personId: registration.personId, name: registration.name, email: registration.email, language: registration.language, protectedIdentity: registration.protectedIdentity },
    now,
  );
}

export type SubmitOutcome =
  | { kind: 'created'; registration: Registration; mailed: boolean }
  | { kind: 'resent'; registration: Registration }
  | { kind: 'mail-throttled'; registration: Registration }
  | { kind: 'already-confirmed'; registration: Registration };

/**
 * The registration form. The same email + address again is the same registration: its confirmation email is sent
 * again (a new registration-submitted event) and nothing is duplicated. The caller answers the same in every case,
 * so the endpoint never tells whether an email is known.
 *
 * At most one confirmation email goes to one email address per interval (`ConfirmationMailThrottle`, shared by the
 * instances): a repeated form meanwhile changes nothing and sends nothing, and a registration for another postal
 * address with the same email is stored without its mail (the form sent again after the interval mails it). The
 * answer is the same.
 */
export class SubmitRegistration {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = systemClock,
    private readonly mails: ConfirmationMailThrottle = unthrottledConfirmationMails,
  ) {}

  async execute(input: RegistrationInput, correlationId: string): Promise<SubmitOutcome> {
    if (!this.municipalities.exists(input.municipalityId)) throw new UnknownMunicipality(input.municipalityId);
    // Only numbers of the countries the municipality texts (SMS pumping: foreign premium numbers cost it money).
    if (input.mobile && !this.municipalities.mobileAllowed(input.municipalityId, input.mobile)) throw new FieldRejected('mobile', 'mobile_country');
    const key = dedupeKeyOf(input.municipalityId, input.email, input.address);
    // Two identical submissions at once (in one process or in two instances) cannot both create: the dedupe key has a
    // unique index, so the second insert reports a duplicate and is answered as a resend of the first.
    const existing = await this.registrations.findByDedupeKey(input.municipalityId, key);
    if (existing) return this.resend(existing, correlationId);
    const now = this.clock();
    const samePerson = await this.registrations.findLiveByEmail(input.municipalityId, input.email);
    const registration = submitRegistration(
      { ...input, municipalityId: input.municipalityId },
      { registrationId: this.newId(), personId: samePerson?.personId ?? this.newId(), memberId: this.newId() },
      now,
    );
    const mailed = await this.mails.mayMail(registration.email);
    const outcome = await this.givingBackOnFailure(mailed, registration.email, () =>
      this.registrations.insert(registration, mailed ? [registrationSubmittedEvent(registration, correlationId, now)] : []),
    );
    if (outcome === 'duplicate') {
      // Nothing of ours was stored or mailed: the interval's mail is not ours to keep; the winner's is resent if due.
      if (mailed) await this.mails.giveBack(registration.email);
      const winner = await this.registrations.findByDedupeKey(input.municipalityId, key);
      if (winner) return this.resend(winner, correlationId);
    }
    return { kind: 'created', registration, mailed };
  }

  private async resend(existing: Registration, correlationId: string): Promise<SubmitOutcome> {
    if (existing.status === 'confirmed') return { kind: 'already-confirmed', registration: existing };
    if (!(await this.mails.mayMail(existing.email))) return { kind: 'mail-throttled', registration: existing };
    const updated = await this.givingBackOnFailure(true, existing.email, () =>
      this.registrations.update(existing.municipalityId, existing.id, (current) => {
        if (current.status !== 'submitted') return null;
        const now = this.clock();
        // A new confirmation email (and link) is on its way: the purge of unconfirmed registrations counts from now.
        return { next: requestConfirmationAgain(current, now), events: [registrationSubmittedEvent(current, correlationId, now)] };
      }),
    );
    // Confirmed meanwhile: nothing was mailed.
    if (!updated) await this.mails.giveBack(existing.email);
    return { kind: 'resent', registration: updated ?? existing };
  }

  /** A write that fails (the database away) mails nothing: the interval's mail is given back, so the form sent again can mail. */
  private async givingBackOnFailure<T>(claimed: boolean, email: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (claimed) await this.mails.giveBack(email);
      throw error;
    }
  }
}
