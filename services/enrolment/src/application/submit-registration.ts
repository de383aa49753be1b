import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createEvent, municipalityIdSchema, RegistrationSubmittedV1 } from '@trygg/contracts';
import { hasControlCharacters, submitRegistration, type Registration } from '../domain/registration';

/** What the HTTP edge accepts. Every field is named in the 400 when it is wrong. */
export const submitRegistrationCommand = z
  .object({
    municipalityId: municipalityIdSchema,
    name: z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(200, 'must be at most 200 characters')
      .refine((v) => !hasControlCharacters(v), 'must not contain control characters'),
    email: z.string({ error: 'is required' }).trim().max(254, 'must be at most 254 characters').pipe(z.email('must be an email address')),
    language: z.enum(['sv', 'en']).default('sv'),
  })
  .strict();

export type SubmitRegistrationCommand = z.infer<typeof submitRegistrationCommand>;

export interface RegistrationStore {
  /** Stores the registration and its events in one atomic write (outbox), then hands the events to the relay. */
  insertWithEvents(registration: Registration, events: ReturnType<typeof createEvent>[]): Promise<void>;
}

export interface MunicipalityDirectory {
  exists(municipalityId: string): boolean;
}

export class UnknownMunicipality extends Error {
  constructor(readonly municipalityId: string) {
    super(`unknown municipality ${municipalityId}`);
  }
}

export class SubmitRegistration {
  constructor(
    private readonly store: RegistrationStore,
    private readonly municipalities: MunicipalityDirectory,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(command: SubmitRegistrationCommand, correlationId: string): Promise<Registration> {
    if (!this.municipalities.exists(command.municipalityId)) throw new UnknownMunicipality(command.municipalityId);
    const now = this.clock();
    const registration = submitRegistration(command, { registrationId: randomUUID(), personId: randomUUID() }, now);
    const event = createEvent(
      RegistrationSubmittedV1,
      { municipalityId: registration.municipalityId, correlationId },
      {
        registrationId: registration.id,
        personId: registration.personId,
        name: registration.name,
        email: registration.email,
        language: registration.language,
      },
      now,
    );
    await this.store.insertWithEvents(registration, [event]);
    return registration;
  }
}
