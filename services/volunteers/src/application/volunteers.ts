import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createEvent, emailSchema, municipalityIdSchema, personNameSchema, VolunteerSignedUpV1, type EventEnvelope } from '@trygg/contracts';
import { applyOnboardingOutcome, isPlausibleBirthYear, type OnboardingOutcome, type Volunteer } from '../domain/volunteer';

/** The sign-up form. Every bad field is named in the 400. */
export const signUpCommand = z
  .object({
    municipalityId: municipalityIdSchema,
    name: personNameSchema,
    email: emailSchema,
    birthYear: z.number().int(),
    organisationId: z.string().min(1).max(100).nullable().default(null),
  })
  .strict();
export type SignUpCommand = z.infer<typeof signUpCommand>;

export interface VolunteerStore {
  insert(volunteer: Volunteer, events: EventEnvelope[]): Promise<void>;
  /** Runs `change` on the current state and writes its result with a version check, serialised per volunteer. */
  change(
    municipalityId: string,
    id: string,
    change: (current: Volunteer) => Volunteer | 'unchanged',
  ): Promise<'changed' | 'unchanged' | 'not-found'>;
}

export class ImplausibleBirthYear extends Error {}
export class UnknownMunicipality extends Error {}

export class Volunteers {
  constructor(
    private readonly store: VolunteerStore,
    private readonly municipalities: { exists(id: string): boolean },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Records the walker and asks onboarding (by event) to start the municipality's volunteer process. */
  async signUp(command: SignUpCommand, correlationId: string): Promise<Volunteer> {
    if (!this.municipalities.exists(command.municipalityId)) throw new UnknownMunicipality(command.municipalityId);
    const now = this.clock();
    if (!isPlausibleBirthYear(command.birthYear, now)) throw new ImplausibleBirthYear(String(command.birthYear));
    const volunteer: Volunteer = {
      id: randomUUID(),
      municipalityId: command.municipalityId,
      personId: randomUUID(),
      name: command.name.trim(),
      email: command.email.trim().toLowerCase(),
      birthYear: command.birthYear,
      organisationId: command.organisationId,
      status: 'onboarding',
      statusReason: null,
      signedUpAt: now.toISOString(),
      decidedAt: null,
    };
    const event = createEvent(
      VolunteerSignedUpV1,
      { municipalityId: volunteer.municipalityId, correlationId },
      // Only what the volunteer processes declare (the age check's birth year): data minimisation.
      { volunteerId: volunteer.id, personId: volunteer.personId, organisationId: volunteer.organisationId, subjectFields: { birthYear: volunteer.birthYear } },
      now,
    );
    await this.store.insert(volunteer, [event]);
    return volunteer;
  }

  /** onboarding.completed.v1 for a volunteer subject: the walker becomes active, rejected or withdrawn. */
  async applyOutcome(municipalityId: string, volunteerId: string, outcome: OnboardingOutcome, reason: string | null) {
    return this.store.change(municipalityId, volunteerId, (current) => {
      const next = applyOnboardingOutcome(current, outcome, reason, this.clock());
      return next === 'already-decided' ? 'unchanged' : next;
    });
  }
}
