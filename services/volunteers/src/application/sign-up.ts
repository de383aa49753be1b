import { randomUUID } from 'node:crypto';
import { createEvent, VolunteerSignUpReceivedV1 } from '@trygg/contracts';
import type { ParsedBodyOf, volunteers } from '@trygg/http-contracts';
import { type Clock, systemClock } from '@trygg/values';
import { isPlausibleBirthYear, newSignUp, type SignUpDetails, signUpAgain, type Volunteer } from '../domain/volunteer';
import type { KnownMunicipalities, VolunteerStore } from './ports';

/** The sign-up form as validated by `volunteers.signUpInput` (libs/http-contracts): every bad field is named in the 400. */
export type SignUpCommand = ParsedBodyOf<typeof volunteers.signUp>;

export class ImplausibleBirthYear extends Error {}
export class UnknownMunicipality extends Error {}
/** A mobile number of a country the municipality does not text (`sms.countries`). */
export class MobileCountryRefused extends Error {}
/** An organisation that is not one of the municipality's walker organisations. */
export class UnknownOrganisation extends Error {}

/**
 * A walker signs up: the sign-up is stored *unconfirmed* and `volunteers.volunteer-sign-up-received.v1` (name, email,
 * language — no mobile) asks notifications for the one confirmation email, in the same write (outbox). Nothing else
 * happens until the link is confirmed (`ConfirmSignUp`).
 *
 * The caller learns nothing about whether the address was known (no account enumeration): the same address again
 * before confirming updates the unconfirmed sign-up and asks for a new email at most once per
 * `CONFIRMATION_RESEND_INTERVAL_MS`; an address already signed up (onboarding or active) changes and sends nothing.
 * Only a person whose earlier sign-up ended (rejected, withdrawn) or was erased signs up anew.
 */
export class SignUp {
  constructor(
    private readonly store: VolunteerStore,
    private readonly municipalities: KnownMunicipalities,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(command: SignUpCommand, correlationId: string): Promise<void> {
    if (!this.municipalities.exists(command.municipalityId)) throw new UnknownMunicipality(command.municipalityId);
    if (command.mobile && !this.municipalities.mobileAllowed(command.municipalityId, command.mobile)) throw new MobileCountryRefused(command.municipalityId);
    if (command.organisationId !== null && !this.municipalities.organisationExists(command.municipalityId, command.organisationId)) {
      throw new UnknownOrganisation(command.organisationId);
    }
    const now = this.clock();
    if (!isPlausibleBirthYear(command.birthYear, now)) throw new ImplausibleBirthYear(String(command.birthYear));
    const details: SignUpDetails = {
      municipalityId: command.municipalityId,
      name: command.name.trim(),
      email: command.email.trim().toLowerCase(),
      mobile: command.mobile,
      smsOptIn: command.smsOptIn,
      language: command.language,
      birthYear: command.birthYear,
      organisationId: command.organisationId,
      spokenLanguages: command.spokenLanguages,
      otherLanguages: command.otherLanguages,
      availability: command.availability,
    };
    const known = await this.store.findByEmail(details.municipalityId, details.email);
    const pending = known.find((v) => v.status === 'unconfirmed');
    if (pending) {
      await this.store.change(pending.municipalityId, pending.id, (current) => {
        const again = signUpAgain(current, details, this.clock());
        if (again === 'unchanged') return 'unchanged';
        return { next: again.next, events: again.mail ? [this.received(again.next, correlationId, now)] : [] };
      });
      return;
    }
    // Already signed up (onboarding, active): the same answer, nothing changed, nothing sent.
    if (known.some((v) => v.status === 'onboarding' || v.status === 'active')) return;
    const volunteer = newSignUp({ id: randomUUID(), personId: randomUUID() }, details, now);
    await this.store.insert(volunteer, [this.received(volunteer, correlationId, now)]);
  }

  private received(volunteer: Volunteer, correlationId: string, now: Date) {
    return createEvent(
      VolunteerSignUpReceivedV1,
      { municipalityId: volunteer.municipalityId, correlationId },
      { volunteerId: volunteer.id, personId: volunteer.personId, name: volunteer.name ?? '', email: volunteer.email ?? '', language: volunteer.language },
      now,
    );
  }
}
