import { createEvent, RegistrationSubmittedV1 } from '@trygg/contracts';
import { dedupeKeyOf, type Registration, requestConfirmationAgain, submitRegistration } from '../domain/registration';
import { FieldRejected, UnknownMunicipality } from './errors';
import { type Clock, systemClock } from '@trygg/values';
import type { IdGenerator, MunicipalityCatalogue, RegistrationRepository } from './ports';
import type { RegistrationInput } from './registration-input';

export function registrationSubmittedEvent(registration: Registration, correlationId: string, now: Date) {
  return createEvent(
    RegistrationSubmittedV1,
    { municipalityId: registration.municipalityId, correlationId },
    { registrationId: registration.id, personId: registration.personId, name: registration.name, email: registration.email, language: registration.language },
    now,
  );
}

export type SubmitOutcome = { kind: 'created'; registration: Registration } | { kind: 'resent'; registration: Registration } | { kind: 'already-confirmed'; registration: Registration };

/**
 * The registration form. The same email + address again is the same registration: its confirmation email is sent
 * again (a new registration-submitted event) and nothing is duplicated. The caller answers the same in every case,
 * so the endpoint never tells whether an email is known.
 */
export class SubmitRegistration {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = systemClock,
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
    const outcome = await this.registrations.insert(registration, [registrationSubmittedEvent(registration, correlationId, now)]);
    if (outcome === 'duplicate') {
      const winner = await this.registrations.findByDedupeKey(input.municipalityId, key);
      if (winner) return this.resend(winner, correlationId);
    }
    return { kind: 'created', registration };
  }

  private async resend(existing: Registration, correlationId: string): Promise<SubmitOutcome> {
    if (existing.status === 'confirmed') return { kind: 'already-confirmed', registration: existing };
    const updated = await this.registrations.update(existing.municipalityId, existing.id, (current) =>
    {
      if (current.status !== 'submitted') return null;
      const now = this.clock();
      // A new confirmation email (and link) is on its way: the purge of unconfirmed registrations counts from now.
      return { next: requestConfirmationAgain(current, now), events: [registrationSubmittedEvent(current, correlationId, now)] };
    });
    return { kind: 'resent', registration: updated ?? existing };
  }
}
