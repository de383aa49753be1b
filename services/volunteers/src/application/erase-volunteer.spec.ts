import type { AuditEntry } from '@trygg/audit';
import { volunteers } from '@trygg/http-contracts';
import { confirmedWalker, InMemoryVolunteers } from '../../test/fakes';
import { EraseVolunteer } from './erase-volunteer';

const now = new Date('2026-11-26T10:00:00Z');
const wire = () => {
  const store = new InMemoryVolunteers();
  const audited: AuditEntry[] = [];
  const audit = { record: async (entry: AuditEntry) => void audited.push(entry) };
  return { store, audited, signUp: { execute: (command: ReturnType<typeof form>) => confirmedWalker(store, command, now) }, erase: new EraseVolunteer(store, audit, () => now) };
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

  it('cannot reach another municipality’s walker: not found, nothing erased, nothing audited', async () => {
    const { store, audited, signUp, erase } = wire();
    const v = await signUp.execute(form());
    expect(await erase.execute(coordinator('lilla-edet'), v.id, 'walker-request', 'c-2')).toBe('not-found');
    expect(store.byId.get(v.id)).toMatchObject({ name: 'Vera Vandrare', status: 'onboarding', erasure: null });
    expect(audited).toEqual([]);
  });
});
