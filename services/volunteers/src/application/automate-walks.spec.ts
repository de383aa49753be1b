import { InMemoryAuditTrail } from '@trygg/service-testing';
import { confirmedWalker, InMemoryVolunteers, InMemoryWalkerLinks, InMemoryWalks, testSecret } from '../../test/fakes';
import type { StaffingRules } from '../domain/staffing';
import { applyOnboardingOutcome } from '../domain/volunteer';
import type { Availability } from '../domain/walk-automation';
import { AutomateWalks } from './automate-walks';
import type { StaffActor, WalkRules } from './ports';
import { ReportUnderstaffedWalks } from './report-understaffed-walks';
import { IssueWalkerLink, RecordQualifications, WalkerActions } from './walker-actions';
import { CoordinateWalks } from './walks';

// The three jobs with the in-memory stores and a fake clock: Friday 5 March 2027 21:00–01:00 in Stockholm.
const church: StaffingRules = { id: 'kyrkan', minimumAge: 20, minimumWalkers: 2, trainedWalkersRequired: 1 };
const rules: WalkRules = { organisation: (m, id) => (m === 'ale' && id === 'kyrkan' ? church : undefined), defaultOrganisation: () => 'kyrkan', timezone: () => 'Europe/Stockholm', cancelUnstaffedLeadMs: () => 12 * 3_600_000 };
const actor: StaffActor = { subject: 'idp#samordnare', name: 'Samordnare', role: 'coordinator', scope: 'ale' };
const plan = { organisationId: 'kyrkan', startsAt: '2027-03-05T20:00:00Z', endsAt: '2027-03-06T00:00:00Z', meetingPoint: 'Kyrkan', maxWalkers: 3 };

describe('volunteers\' own walk jobs: reminders, invitations, the automatic cancellation', () => {
  let clock = new Date('2027-03-01T12:00:00Z');
  const now = () => clock;
  const volunteers = new InMemoryVolunteers();
  const walks = new InMemoryWalks();
  const audit = new InMemoryAuditTrail();
  const coordinate = new CoordinateWalks(walks, rules, audit, now);
  const links = new InMemoryWalkerLinks();
  const issue = new IssueWalkerLink(volunteers, links, testSecret, 'http://web.test', now);
  const act = new WalkerActions(volunteers, links, walks, rules, now);
  const qualify = new RecordQualifications(volunteers, audit, now);
  const understaffed = new ReportUnderstaffedWalks(walks, rules, 100, now);
  const automate = new AutomateWalks(walks, volunteers, rules, audit, 100, now);
  const eventsOf = (type: string, walkId: string) => walks.outbox.filter((e) => e.type === type && (e.payload as { walkId: string }).walkId === walkId);

  async function walker(name: string, availability: Availability[], trained = true) {
    const v = await confirmedWalker(volunteers, { municipalityId: 'ale', name, email: `${name}@example.se`, birthYear: 1980, organisationId: null, mobile: null, smsOptIn: false, language: 'sv', availability }, clock);
    await volunteers.change('ale', v.id, (c) => ({ next: applyOnboardingOutcome(c, 'approved', null, clock) as typeof c, events: [] }));
    if (trained) await qualify.execute(actor, v.id, { basicTraining: true }, 'c');
    return v;
  }
  const bookFor = async (volunteerId: string, walkId: string) => act.act((await issue.execute(volunteerId)).url.split('/').at(-1)!, walkId, 'book');

  it('reminds each booked walker once from 09:00 the day before; invites an available walker once; cancels the unstaffable walk once', async () => {
    const [anna, bo, cia, dan] = [await walker('anna', ['friday']), await walker('bo', []), await walker('cia', ['friday', 'saturday']), await walker('dan', ['weekday-evenings'])];
    const walkId = (await coordinate.scheduleOne(actor, plan, 'c')).walkId;
    await bookFor(anna.id, walkId);

    // Wednesday evening, 48 h before: understaffed (1 of 2) → cia (Fridays, not booked) invited; bo (no availability) and dan (weekdays) not.
    clock = new Date('2027-03-03T20:30:00Z');
    expect(await automate.invite()).toBe(0); // not marked yet
    expect(await understaffed.runOnce()).toBe(1);
    expect(await automate.invite()).toBe(1);
    expect(await automate.invite()).toBe(0);
    const invitations = eventsOf('volunteers.walk-invitation-due.v1', walkId);
    expect(invitations.map((e) => (e.payload as { volunteerId: string }).volunteerId).filter((id) => [bo.id, dan.id, anna.id].includes(id))).toEqual([]);
    const [invitation] = invitations;
    expect(invitation!.payload).toMatchObject({ walkId, volunteerId: cia.id, personId: cia.personId, placesLeft: 2, localDate: '2027-03-05', localStartTime: '21:00', meetingPoint: 'Kyrkan' });
    expect(JSON.stringify(invitation)).not.toContain('cia@example.se');
    expect(await automate.remind()).toBe(0); // not the day before yet

    // Thursday 09:00 local: anna is reminded, once.
    clock = new Date('2027-03-04T08:00:00Z');
    expect(await automate.remind()).toBe(1);
    expect(await automate.remind()).toBe(0);
    expect(eventsOf('volunteers.walk-reminder-due.v1', walkId).map((e) => e.payload)).toEqual([expect.objectContaining({ volunteerId: anna.id, personId: anna.personId, localDate: '2027-03-05' })]);

    // Friday 09:00 local, 12 h before, still 1 of 2: cancelled as unstaffed, once, anna told through walk-cancelled; audited.
    clock = new Date('2027-03-05T08:00:00Z');
    expect(await automate.cancelUnstaffed()).toBe(1);
    expect(await automate.cancelUnstaffed()).toBe(0);
    expect(eventsOf('volunteers.walk-cancelled.v1', walkId).map((e) => e.payload)).toEqual([expect.objectContaining({ reason: 'unstaffed', cause: 'unstaffed', bookedPersonIds: [anna.personId] })]);
    expect(audit.entries.filter((e) => e.action === 'walk-cancelled')).toEqual([expect.objectContaining({ actor: expect.objectContaining({ subject: 'system:volunteers', role: 'system' }), subject: { kind: 'walk', id: walkId } })]);
    expect(await automate.invite()).toBe(0);
    expect(await automate.remind()).toBe(0);
  });

  it('leaves a staffed walk alone (no invitation, no cancellation) and a coordinator\'s cancellation says cause coordinator', async () => {
    clock = new Date('2027-03-01T12:00:00Z');
    const [eva, fia] = [await walker('eva', ['friday']), await walker('fia', ['friday'])];
    const walkId = (await coordinate.scheduleOne(actor, { ...plan, startsAt: '2027-03-12T20:00:00Z', endsAt: '2027-03-13T00:00:00Z' }, 'c')).walkId;
    await bookFor(eva.id, walkId);
    await bookFor(fia.id, walkId);
    clock = new Date('2027-03-12T10:00:00Z');
    expect(await understaffed.runOnce()).toBe(0);
    expect(await automate.invite()).toBe(0);
    expect(await automate.cancelUnstaffed()).toBe(0);
    expect(await automate.remind()).toBe(2);
    await coordinate.cancel(actor, walkId, 'Storm', 'c');
    expect(eventsOf('volunteers.walk-cancelled.v1', walkId).map((e) => e.payload)).toEqual([expect.objectContaining({ reason: 'Storm', cause: 'coordinator' })]);
  });
});
