import type { EventEnvelope } from '@trygg/contracts';
import type { Volunteer } from '../domain/volunteer';
import { signUpCommand, type VolunteerChange, Volunteers, type VolunteerStore } from './volunteers';

/** The store as the use cases see it: state and the events written with it (the outbox), in memory. */
class InMemoryVolunteers implements VolunteerStore {
  readonly byId = new Map<string, Volunteer>();
  readonly outbox: EventEnvelope[] = [];
  async insert(volunteer: Volunteer, events: EventEnvelope[]) {
    this.byId.set(volunteer.id, structuredClone(volunteer));
    this.outbox.push(...events);
  }
  async change(municipalityId: string, id: string, change: (current: Volunteer) => VolunteerChange) {
    const current = this.byId.get(id);
    if (!current || current.municipalityId !== municipalityId) return 'not-found' as const;
    const result = change(structuredClone(current));
    if (result === 'unchanged') return 'unchanged' as const;
    this.byId.set(id, result.next);
    this.outbox.push(...result.events);
    return 'changed' as const;
  }
}

const now = new Date('2026-11-26T10:00:00Z');
const wire = () => {
  const store = new InMemoryVolunteers();
  return { store, volunteers: new Volunteers(store, { exists: (id) => ['ale', 'lilla-edet'].includes(id) }, () => now) };
};
const form = (extra: Record<string, unknown> = {}) => signUpCommand.parse({ municipalityId: 'ale', name: ' Vera Vandrare ', email: 'Vera@Example.se', birthYear: 1980, ...extra });

describe('signing up as a walker', () => {
  it('gives notifications the contact details and onboarding only the birth year, in the same write', async () => {
    const { store, volunteers } = wire();
    const v = await volunteers.signUp(form({ mobile: '070-123 45 67', smsOptIn: true, language: 'en' }), 'c-1');
    expect(store.outbox.map((e) => e.type)).toEqual(['volunteers.volunteer-contact-details-recorded.v1', 'volunteers.volunteer-signed-up.v1']);
    expect(store.outbox[0]!.payload).toEqual({
      volunteerId: v.id,
      personId: v.personId,
      occasion: 'sign-up',
      name: 'Vera Vandrare',
      email: 'vera@example.se',
      mobile: '+46701234567',
      smsOptIn: true,
      language: 'en',
    });
    expect(store.outbox[0]!.municipalityId).toBe('ale');
    expect(store.outbox[1]!.payload).toEqual({ volunteerId: v.id, personId: v.personId, organisationId: null, subjectFields: { birthYear: 1980 } });
    expect(store.byId.get(v.id)).toMatchObject({ mobile: '+46701234567', smsOptIn: true, language: 'en', status: 'onboarding', erasure: null });
  });

  it('defaults to Swedish and no SMS', async () => {
    const { store, volunteers } = wire();
    await volunteers.signUp(form(), 'c-1');
    expect(store.outbox[0]!.payload).toMatchObject({ mobile: null, smsOptIn: false, language: 'sv' });
  });

  it('names each bad field: a number that is not a Swedish mobile, SMS without a number, an unknown language', () => {
    const problems = (extra: Record<string, unknown>) => {
      const r = signUpCommand.safeParse({ municipalityId: 'ale', name: 'Vera', email: 'vera@example.se', birthYear: 1980, ...extra });
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(problems({ mobile: '031-12 34 56' })).toEqual(['mobile']); // a landline
    expect(problems({ mobile: 'ring mig' })).toEqual(['mobile']);
    expect(problems({ smsOptIn: true })).toEqual(['mobile']);
    expect(problems({ language: 'de' })).toEqual(['language']);
    expect(problems({ mobile: '', smsOptIn: false, language: 'sv' })).toEqual([]);
  });
});

describe('erasing a walker', () => {
  it('forgets the personal data, keeps the audit, and tells the other services by event once', async () => {
    const { store, volunteers } = wire();
    const v = await volunteers.signUp(form({ mobile: '0701234567', smsOptIn: true }), 'c-1');
    expect(await volunteers.erase('ale', v.id, 'dev:ale', 'walker-request', 'c-2')).toBe('changed');
    expect(store.byId.get(v.id)).toMatchObject({ name: null, email: null, mobile: null, birthYear: null, status: 'erased', erasure: { erasedBy: 'dev:ale', reason: 'walker-request', erasedAt: now.toISOString() } });
    expect(store.outbox.at(-1)).toMatchObject({ type: 'volunteers.volunteer-erased.v1', municipalityId: 'ale', payload: { volunteerId: v.id, personId: v.personId, erasedAt: now.toISOString() } });
    expect(await volunteers.erase('ale', v.id, 'dev:ale', 'walker-request', 'c-3')).toBe('unchanged');
    expect(store.outbox.filter((e) => e.type === 'volunteers.volunteer-erased.v1')).toHaveLength(1);
  });

  it('cannot reach another municipality’s walker', async () => {
    const { volunteers } = wire();
    const v = await volunteers.signUp(form(), 'c-1');
    expect(await volunteers.erase('lilla-edet', v.id, 'dev:lilla-edet', 'walker-request', 'c-2')).toBe('not-found');
  });
});
