import { randomUUID } from 'node:crypto';
import { createEvent, VolunteerContactDetailsRecordedV1, VolunteerSignedUpV1 } from '@trygg/contracts';
import type { ParsedBodyOf, volunteers } from '@trygg/http-contracts';
import { isPlausibleBirthYear, smsOptInFor, type Volunteer } from '../domain/volunteer';
import { type Clock, systemClock } from '@trygg/values';
import type { KnownMunicipalities, VolunteerStore } from './ports';

/** The sign-up form as validated by `volunteers.signUpInput` (libs/http-contracts): every bad field is named in the 400. */
export type SignUpCommand = ParsedBodyOf<typeof volunteers.signUp>;

export class ImplausibleBirthYear extends Error {}
export class UnknownMunicipality extends Error {}
/** A mobile number of a country the municipality does not text (`sms.countries`). */
export class MobileCountryRefused extends Error {}

/**
 * A walker signs up: records the walker and, in the same write, asks onboarding (by event) to start the
 * municipality's volunteer process and gives notifications the walker's contact details (two events: each consumer
 * gets only its part).
 */
export class SignUp {
  constructor(
    private readonly store: VolunteerStore,
    private readonly municipalities: KnownMunicipalities,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(command: SignUpCommand, correlationId: string): Promise<Volunteer> {
    if (!this.municipalities.exists(command.municipalityId)) throw new UnknownMunicipality(command.municipalityId);
    if (command.mobile && !this.municipalities.mobileAllowed(command.municipalityId, command.mobile)) throw new MobileCountryRefused(command.municipalityId);
    const now = this.clock();
    if (!isPlausibleBirthYear(command.birthYear, now)) throw new ImplausibleBirthYear(String(command.birthYear));
    const volunteer: Volunteer = {
      id: randomUUID(),
      municipalityId: command.municipalityId,
      personId: randomUUID(),
      name: command.name.trim(),
      email: command.email.trim().toLowerCase(),
      mobile: command.mobile,
      smsOptIn: smsOptInFor(command.mobile, command.smsOptIn),
      language: command.language,
      birthYear: command.birthYear,
      organisationId: command.organisationId,
      status: 'onboarding',
      statusReason: null,
      signedUpAt: now.toISOString(),
      decidedAt: null,
      erasure: null,
    };
    const meta = { municipalityId: volunteer.municipalityId, correlationId };
    const contactDetails = createEvent(
      VolunteerContactDetailsRecordedV1,
      meta,
      {
        volunteerId: volunteer.id,
        personId: volunteer.personId,
        occasion: 'sign-up',
        name: command.name.trim(),
        email: command.email.trim().toLowerCase(),
        mobile: volunteer.mobile,
        smsOptIn: volunteer.smsOptIn,
        language: volunteer.language,
      },
      now,
    );
    const signedUp = createEvent(
      VolunteerSignedUpV1,
      meta,
      // Only what the volunteer processes declare (the age check's birth year): data minimisation.
      { volunteerId: volunteer.id, personId: volunteer.personId, organisationId: volunteer.organisationId, subjectFields: { birthYear: command.birthYear } },
      now,
    );
    // Contact details first: notifications should know the walker before onboarding's first step request.
    await this.store.insert(volunteer, [contactDetails, signedUp]);
    return volunteer;
  }
}
