import { InMemoryVolunteers, knownMunicipalities } from '../../test/fakes';
import { EraseVolunteer } from './erase-volunteer';
import { volunteers } from '@trygg/http-contracts';
import { SignUp } from './sign-up';

const now = new Date('2026-11-26T10:00:00Z');
const wire = () => {
  const store = new InMemoryVolunteers();
  return { store, signUp: new SignUp(store, knownMunicipalities, () => now), erase: new EraseVolunteer(store, () => now) };
};
const form = (extra: Record<string, unknown> = {}) => volunteers.signUpInput.parse({ municipalityId: 'ale', name: ' Vera Vandrare ', email: 'Vera@Example.se', birthYear: 1980, ...extra });

describe('erasing a walker', () => {
  it('forgets the personal data, keeps the audit, and tells the other services by event once', async () => {
    const { store, signUp, erase } = wire();
    const v = await signUp.execute(form({ mobile: '0701234567', smsOptIn: true }), 'c-1');
    expect(await erase.execute('ale', v.id, 'dev:ale', 'walker-request', 'c-2')).toBe('changed');
    expect(store.byId.get(v.id)).toMatchObject({ name: null, email: null, mobile: null, birthYear: null, status: 'erased', erasure: { erasedBy: 'dev:ale', reason: 'walker-request', erasedAt: now.toISOString() } });
    expect(store.outbox.at(-1)).toMatchObject({ type: 'volunteers.volunteer-erased.v1', municipalityId: 'ale', payload: { volunteerId: v.id, personId: v.personId, erasedAt: now.toISOString() } });
    expect(await erase.execute('ale', v.id, 'dev:ale', 'walker-request', 'c-3')).toBe('unchanged');
    expect(store.outbox.filter((e) => e.type === 'volunteers.volunteer-erased.v1')).toHaveLength(1);
  });

  it('cannot reach another municipality’s walker', async () => {
    const { signUp, erase } = wire();
    const v = await signUp.execute(form(), 'c-1');
    expect(await erase.execute('lilla-edet', v.id, 'dev:lilla-edet', 'walker-request', 'c-2')).toBe('not-found');
  });
});
