import { InMemoryVolunteers, knownMunicipalities } from '../../test/fakes';
import { volunteers } from '@trygg/http-contracts';
import { MobileCountryRefused, SignUp } from './sign-up';

const now = new Date('2026-11-26T10:00:00Z');
const wire = () => {
  const store = new InMemoryVolunteers();
  return { store, signUp: new SignUp(store, knownMunicipalities, () => now) };
};
const form = (extra: Record<string, unknown> = {}) => volunteers.signUpInput.parse({ municipalityId: 'ale', name: ' Vera Vandrare ', email: 'Vera@Example.se', birthYear: 1980, ...extra });

describe('signing up as a walker', () => {
  it('gives notifications the contact details and onboarding only the birth year, in the same write', async () => {
    const { store, signUp } = wire();
    const v = await signUp.execute(form({ mobile: '070-123 45 67', smsOptIn: true, language: 'en' }), 'c-1');
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

  it('refuses a mobile number of a country the municipality does not text; nothing stored', async () => {
    const { store } = wire();
    const signUp = new SignUp(store, { exists: () => true, mobileAllowed: () => false }, () => now);
    await expect(signUp.execute(form({ mobile: '070-123 45 67', smsOptIn: true }), 'c-1')).rejects.toBeInstanceOf(MobileCountryRefused);
    expect(store.outbox).toHaveLength(0);
  });

  it('defaults to Swedish and no SMS', async () => {
    const { store, signUp } = wire();
    await signUp.execute(form(), 'c-1');
    expect(store.outbox[0]!.payload).toMatchObject({ mobile: null, smsOptIn: false, language: 'sv' });
  });

  it('names each bad field: a number that is not a Swedish mobile, SMS without a number, an unknown language', () => {
    const problems = (extra: Record<string, unknown>) => {
      const r = volunteers.signUpInput.safeParse({ municipalityId: 'ale', name: 'Vera', email: 'vera@example.se', birthYear: 1980, ...extra });
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    expect(problems({ mobile: '031-12 34 56' })).toEqual(['mobile']); // a landline
    expect(problems({ mobile: 'ring mig' })).toEqual(['mobile']);
    expect(problems({ smsOptIn: true })).toEqual(['mobile']);
    expect(problems({ language: 'de' })).toEqual(['language']);
    expect(problems({ mobile: '', smsOptIn: false, language: 'sv' })).toEqual([]);
  });
});
