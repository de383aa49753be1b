import { volunteers, volunteersPersonalDataSchema } from '@trygg/http-contracts';
import { InMemoryVolunteers, knownMunicipalities } from '../../test/fakes';
import { ShowPersonalData } from './show-personal-data';
import { SignUp } from './sign-up';

const now = new Date('2026-11-26T10:00:00Z');
const form = (extra: Record<string, unknown> = {}) => volunteers.signUpInput.parse({ municipalityId: 'ale', name: 'Vera Vandrare', email: 'vera@example.se', birthYear: 1980, ...extra });

describe('ShowPersonalData (GDPR Art. 15: the walker record)', () => {
  it('answers the person’s walker record without the staff-written status reason, and nobody else’s', async () => {
    const store = new InMemoryVolunteers();
    const signUp = new SignUp(store, knownMunicipalities, () => now);
    await signUp.execute(form({ mobile: '0701234567', smsOptIn: true, spokenLanguages: ['sv', 'so'], otherLanguages: 'tyska', availability: ['daytime'] }), 'c-1');
    await signUp.execute(form({ name: 'Bo Annan', email: 'bo@example.se' }), 'c-2');
    const vera = [...store.byId.values()].find((v) => v.email === 'vera@example.se')!;
    store.byId.set(vera.id, { ...store.byId.get(vera.id)!, status: 'rejected', statusReason: 'Intern anteckning', decidedAt: now.toISOString() });
    const data = await new ShowPersonalData(store).execute('ale', vera.personId);
    expect(volunteersPersonalDataSchema.parse(data)).toEqual(data);
    expect(data.walkers).toEqual([
      { id: vera.id, name: 'Vera Vandrare', email: 'vera@example.se', mobile: '+46701234567', smsOptIn: true, language: 'sv', birthYear: 1980, organisationId: null, spokenLanguages: ['sv', 'so'], otherLanguages: 'tyska', availability: ['daytime'], status: 'rejected', signedUpAt: now.toISOString(), decidedAt: now.toISOString() },
    ]);
    expect(JSON.stringify(data)).not.toMatch(/Intern anteckning|Bo Annan/);
    expect(await new ShowPersonalData(store).execute('lilla-edet', vera.personId)).toEqual({ walkers: [] });
  });
});
