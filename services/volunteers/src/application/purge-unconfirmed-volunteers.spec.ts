import type { AuditEntry } from '@trygg/audit';
import { volunteers } from '@trygg/http-contracts';
import { InMemoryLinks, InMemoryVolunteers, knownMunicipalities, testSecret } from '../../test/fakes';
import { ConfirmSignUp } from './confirm-sign-up';
import { IssueConfirmationLink } from './issue-confirmation-link';
import { PurgeUnconfirmedVolunteers } from './purge-unconfirmed-volunteers';
import { SignUp } from './sign-up';

const start = new Date('2026-11-01T10:00:00Z');
const day = 86_400_000;
const wire = () => {
  const clock = { now: start };
  const read = () => clock.now;
  const store = new InMemoryVolunteers();
  const links = new InMemoryLinks();
  const audited: AuditEntry[] = [];
  const audit = { record: async (entry: AuditEntry) => void audited.push(entry) };
  return {
    store,
    links,
    clock,
    audited,
    signUp: new SignUp(store, knownMunicipalities, read),
    issue: new IssueConfirmationLink(store, links, testSecret, 'http://web.test', read),
    confirm: new ConfirmSignUp(store, links, read),
    purge: new PurgeUnconfirmedVolunteers(store, links, audit, { graceDays: 14, batchSize: 100 }, read),
  };
};
const form = (email: string) => volunteers.signUpInput.parse({ municipalityId: 'ale', name: 'Vera Vandrare', email, birthYear: 1980, mobile: '0701234567', smsOptIn: true });
const idOf = (store: InMemoryVolunteers, email: string) => [...store.byId.values()].find((v) => v.email === email)!.id;

describe('purging walker sign-ups never confirmed (housekeeping purge-unconfirmed)', () => {
  it('erases an unconfirmed sign-up 7 + 14 days after the request, tells the others by event, removes its links and audits ids only', async () => {
    const { store, links, clock, audited, signUp, issue, purge } = wire();
    await signUp.execute(form('a@example.se'), 'c');
    const id = idOf(store, 'a@example.se');
    await issue.execute(id);
    clock.now = new Date(start.getTime() + 21 * day - 1);
    expect(await purge.runOnce()).toBe(0);
    clock.now = new Date(start.getTime() + 21 * day);
    expect(await purge.runOnce()).toBe(1);
    const v = store.byId.get(id)!;
    expect(v).toMatchObject({ status: 'erased', name: null, email: null, mobile: null, birthYear: null, erasure: { reason: 'unconfirmed', erasedBy: 'system:volunteers' } });
    expect(store.outbox.at(-1)).toMatchObject({ type: 'volunteers.volunteer-erased.v1', municipalityId: 'ale', payload: { volunteerId: id, personId: v.personId } });
    expect(links.byHash.size).toBe(0);
    expect(audited).toEqual([expect.objectContaining({ action: 'unconfirmed-volunteer-erased', subject: { kind: 'volunteer', id }, municipalityId: 'ale', details: { signedUpAt: start.toISOString(), confirmationRequestedAt: start.toISOString() } })]);
    expect(JSON.stringify(audited)).not.toContain('example.se');
    expect(await purge.runOnce()).toBe(0);
    expect(store.outbox.filter((e) => e.type === 'volunteers.volunteer-erased.v1')).toHaveLength(1);
  });

  it('counts from a link issued later (a delayed mail): nobody is purged while a link they were sent still works', async () => {
    const { store, clock, signUp, issue, purge } = wire();
    await signUp.execute(form('b@example.se'), 'c');
    const id = idOf(store, 'b@example.se');
    clock.now = new Date(start.getTime() + 6 * day);
    await issue.execute(id); // expires on day 13
    clock.now = new Date(start.getTime() + 21 * day);
    expect(await purge.runOnce()).toBe(0);
    clock.now = new Date(start.getTime() + 27 * day);
    expect(await purge.runOnce()).toBe(1);
  });

  it('leaves confirmed walkers alone', async () => {
    const { store, clock, signUp, issue, confirm, purge } = wire();
    await signUp.execute(form('c@example.se'), 'c');
    const id = idOf(store, 'c@example.se');
    const { url } = await issue.execute(id);
    await confirm.execute({ municipalityId: 'ale', token: url.split('/').at(-1)! }, 'c');
    clock.now = new Date(start.getTime() + 400 * day);
    expect(await purge.runOnce()).toBe(0);
    expect(store.byId.get(id)!.status).toBe('onboarding');
  });
});
