import type { EventEnvelope } from '@trygg/contracts';
import type { Registration } from '../domain/registration';
import { type RegistrationStore, SubmitRegistration, submitRegistrationCommand, UnknownMunicipality } from './submit-registration';

class InMemoryStore implements RegistrationStore {
  readonly saved: Array<{ registration: Registration; events: EventEnvelope[] }> = [];
  async insertWithEvents(registration: Registration, events: EventEnvelope[]) {
    this.saved.push({ registration, events });
  }
}

const municipalities = { exists: (id: string) => ['ale', 'trollhattan'].includes(id) };
const now = new Date('2026-11-26T10:00:00Z');

describe('submitting a registration', () => {
  it('stores the registration together with its registration-submitted event', async () => {
    const store = new InMemoryStore();
    const useCase = new SubmitRegistration(store, municipalities, () => now);
    const command = submitRegistrationCommand.parse({ municipalityId: 'ale', name: 'Anna', email: 'anna@example.se' });
    const registration = await useCase.execute(command, 'corr-1');

    expect(store.saved).toHaveLength(1);
    const [event] = store.saved[0]!.events;
    expect(event).toMatchObject({
      type: 'enrolment.registration-submitted.v1',
      municipalityId: 'ale',
      correlationId: 'corr-1',
      payload: { registrationId: registration.id, personId: registration.personId, name: 'Anna', email: 'anna@example.se', language: 'sv' },
    });
  });

  it('refuses an unknown municipality and stores nothing', async () => {
    const store = new InMemoryStore();
    const command = submitRegistrationCommand.parse({ municipalityId: 'atlantis', name: 'Anna', email: 'anna@example.se' });
    await expect(new SubmitRegistration(store, municipalities).execute(command, 'c')).rejects.toBeInstanceOf(UnknownMunicipality);
    expect(store.saved).toHaveLength(0);
  });

  it.each([
    [{ name: 'Anna', email: 'anna@example.se' }, 'municipalityId'],
    [{ municipalityId: 'ale', email: 'anna@example.se' }, 'name'],
    [{ municipalityId: 'ale', name: '   ', email: 'anna@example.se' }, 'name'],
    [{ municipalityId: 'ale', name: 'Anna' }, 'email'],
    [{ municipalityId: 'ale', name: 'Anna', email: 'anna(at)example.se' }, 'email'],
    [{ municipalityId: 'ale', name: 'x'.repeat(201), email: 'anna@example.se' }, 'name'],
    [{ municipalityId: 'ale', name: 'Anna', email: 'anna@example.se', language: 'de' }, 'language'],
    [{ municipalityId: 'ale', name: 'Anna', email: 'anna@example.se', personnummer: '19500101-1234' }, ''],
  ])('rejects %j naming the field %s', (input, field) => {
    const result = submitRegistrationCommand.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(field);
  });
});
