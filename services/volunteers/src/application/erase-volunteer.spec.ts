import type { AuditEntry } from '@trygg/audit';
import { volunteers } from '@trygg/http-contracts';
import { confirmedWalker, InMemoryVolunteers, InMemoryWalks } from '../../test/fakes';
import { newWalk } from '../domain/walk';
import { EraseVolunteer } from './erase-volunteer';

const now = new Date('2026-11-26T10:00:00Z');
const wire = () => {
  const store = new InMemoryVolunteers();
  const walks = new InMemoryWalks();
  const audited: AuditEntry[] = [];
  const audit = { record: async (entry: AuditEntry) => void audited.push(entry) };
  return { store, walks, audited, signUp: { execute: (command: ReturnType<typeof form>) => confirmedWalker(store, command, now) }, erase: new EraseVolunteer(store, audit, walks, () => now) };
};
const form = (extra: Record<string, unknown> = {}) => volunteers.signUpInput.parse({ municipalityId: 'ale', name: ' Vera Vandrare ', email: 'Vera@Example.se', birthYear: 1980, ...extra });
const coordinator = (m: string) => ({ subject: `https://idp.example/${m}#samordnare`, name: `Samordnare ${m}`, role: 'coordinator', scope: m });

describe('erasing a walker', () => {
  it('forgets the personal data, keeps the audit, and tells the other services by event once', async () => {
    const { store, audited, signUp, erase } = wire();
    const v = await signUp.execute(form({ mobile: '0701234567', smsOptIn: true }));
    expect(await erase.execute(coordinator('ale'), v.id, 'walker-request', 'c-2')).toBe('changed');
    expect(store.byId.get(v.id)).toMatchObject({
      name: null, email: null, mobile: null, birthYear: null, status: 'erased',
      erasure: { erasedBy: 'https://idp.example/ale#samordnare', reason: 'walker-request', erasedAt: now.toISOString() },
    });
    expect(store.outbox.at(-1)).toMatchObject({ type: 'volunteers.volunteer-erased.v1', municipalityId: 'ale', payload: { volunteerId: v.id, personId: v.personId, erasedAt: now.toISOString() } });
    expect(audited).toEqual([
      { actor: coordinator('ale'), action: 'volunteer-erased', subject: { kind: 'volunteer', id: v.id }, municipalityId: 'ale', correlationId: 'c-2', details: { reason: 'walker-request' } },
    ]);
    expect(await erase.execute(coordinator('ale'), v.id, 'walker-request', 'c-3')).toBe('unchanged');
    expect(store.outbox.filter((e) => e.type === 'volunteers.volunteer-erased.v1')).toHaveLength(1);
    expect(audited).toHaveLength(1);
  });

  it('takes the walker off every walk they booked (birth year and person id go); the walk log keeps ids and times', async () => {
    const { walks, signUp, erase } = wire();
    const v = await signUp.execute(form());
    const rules = { id: 'org', minimumAge: 18, minimumWalkers: 2, trainedWalkersRequired: 1 };
    const plan = { organisationId: 'org', startsAt: '2026-11-20T19:00:00Z', endsAt: '2026-11-20T23:00:00Z', meetingPoint: 'Torget', maxWalkers: 4 };
    const booking = (volunteerId: string, personId: string) => ({ volunteerId, personId, bookedAt: now.toISOString(), walker: { organisationId: 'org', birthYear: 1980, active: true, basicTraining: true, guardianConsent: false } });
    const held = { ...newWalk({ id: 'w1', municipalityId: 'ale', seriesId: null }, plan, rules, 'c', now), status: 'held' as const, bookings: [booking(v.id, v.personId), booking('other', 'p-other')], log: [{ volunteerId: v.id, kind: 'check-in' as const, at: plan.startsAt }] };
    await walks.insert(held, []);
    await walks.insert({ ...held, id: 'w2', municipalityId: 'lilla-edet' }, []);
    await erase.execute(coordinator('ale'), v.id, 'walker-request', 'c-2');
    const after = walks.byId.get('w1')!;
    expect(after.bookings.map((b) => b.volunteerId)).toEqual(['other']);
    expect(after.log).toEqual([{ volunteerId: v.id, kind: 'check-in', at: plan.startsAt }]);
    expect(JSON.stringify(after)).not.toContain(v.personId);
    expect(walks.byId.get('w2')!.bookings).toHaveLength(2); // another municipality's walk is not touched
  });

  it('cannot reach another municipality’s walker: not found, nothing erased, nothing audited', async () => {
    const { store, audited, signUp, erase } = wire();
    const v = await signUp.execute(form());
    expect(await erase.execute(coordinator('lilla-edet'), v.id, 'walker-request', 'c-2')).toBe('not-found');
    expect(store.byId.get(v.id)).toMatchObject({ name: 'Vera Vandrare', status: 'onboarding', erasure: null });
    expect(audited).toEqual([]);
  });
});
