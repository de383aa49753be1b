import { InMemoryAuditTrail } from '@trygg/service-testing';
import { WalkReportedV1 } from '@trygg/contracts';
import { confirmedWalker, InMemoryVolunteers, InMemoryWalkerLinks, InMemoryWalks, testSecret } from '../../test/fakes';
import type { StaffingRules } from '../domain/staffing';
import { applyOnboardingOutcome } from '../domain/volunteer';
import type { WalkReportInput } from '../domain/walk-report';
import { LinkRejected, WalkNotFound, WalkRefused } from './errors';
import type { StaffActor, WalkRules } from './ports';
import { IssueWalkerLink, WalkerActions } from './walker-actions';
import { WalkerWalks } from './walker-walks';
import { CoordinateWalks } from './walks';

const church: StaffingRules = { id: 'kyrkan', minimumAge: 20, minimumWalkers: 2, trainedWalkersRequired: 0 };
const rules: WalkRules = { organisation: (m, id) => (m === 'ale' && (id === 'kyrkan' || id === 'idrott') ? { ...church, id } : undefined), defaultOrganisation: () => 'kyrkan', timezone: () => 'Europe/Stockholm', cancelUnstaffedLeadMs: () => 12 * 3_600_000 };
const actor: StaffActor = { subject: 'idp#samordnare', name: 'Samordnare', role: 'coordinator', scope: 'ale' };

const report: WalkReportInput = {
  peopleMet: { children: 0, youth: 12, adults: 4, elderly: 1 },
  incidents: { count: 1, description: 'Två ungdomar bråkade vid kiosken, vi pratade med dem.' },
  unsafePlaces: [
    { place: 'Gångtunneln vid stationen', point: null, category: 'lighting', description: 'Två lampor trasiga' },
    { place: null, point: { lat: 57.96, lng: 12.12 }, category: 'vegetation', description: null },
  ],
  followUp: 'Ring fastighetsägaren om lamporna.',
};

describe('the walker\'s page through the link: their walks and the after-walk report', () => {
  let clock = new Date('2027-03-01T12:00:00Z');
  const now = () => clock;
  const volunteers = new InMemoryVolunteers();
  const walks = new InMemoryWalks();
  const links = new InMemoryWalkerLinks();
  const coordinate = new CoordinateWalks(walks, rules, new InMemoryAuditTrail(), now);
  const actions = new WalkerActions(volunteers, links, walks, rules, now);
  const page = new WalkerWalks(volunteers, links, walks, rules, now);
  const issue = new IssueWalkerLink(volunteers, links, testSecret, 'http://web.test', now);
  const plan = { organisationId: 'kyrkan', startsAt: '2027-03-05T20:00:00Z', endsAt: '2027-03-06T00:00:00Z', meetingPoint: 'Kyrkan', maxWalkers: 3 };
  const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof WalkRefused || e instanceof LinkRejected ? e.code : (e as Error).constructor.name));

  async function walker(name: string) {
    const v = await confirmedWalker(volunteers, { municipalityId: 'ale', name, email: `${name}@example.se`, birthYear: 1980, organisationId: null, mobile: null, smsOptIn: false, language: 'en' }, clock);
    await volunteers.change('ale', v.id, (c) => ({ next: applyOnboardingOutcome(c, 'approved', null, clock) as typeof c, events: [] }));
    return { ...v, token: (await issue.execute(v.id)).url.split('/').at(-1)! };
  }

  it('lists the organisation\'s upcoming walks with places left and what the walker may do; not other organisations\'', async () => {
    const anna = await walker('anna');
    const walkId = (await coordinate.scheduleOne(actor, plan, 'c')).walkId;
    await coordinate.scheduleOne(actor, { ...plan, organisationId: 'idrott' }, 'c');
    const before = await page.list(anna.token);
    expect(before).toMatchObject({ municipalityId: 'ale', language: 'en' });
    expect(before.walks).toEqual([expect.objectContaining({ walkId, placesLeft: 3, booked: false, staffed: false, canBook: true, canUnbook: false, canCheckIn: false, canReport: false, presence: 'none' })]);
    await actions.act(anna.token, walkId, 'book');
    expect((await page.list(anna.token)).walks[0]).toMatchObject({ placesLeft: 2, booked: true, canBook: false, canUnbook: true, canCheckIn: false });
    expect(await code(page.list('A'.repeat(43)))).toBe('token_invalid');
  });

  it('files one report per walker after checking in; refuses a walk not booked, not checked in, twice, cancelled — with codes', async () => {
    const [bo, cia, dan] = [await walker('bo'), await walker('cia'), await walker('dan')];
    const walkId = (await coordinate.scheduleOne(actor, { ...plan, startsAt: '2027-03-06T20:00:00Z', endsAt: '2027-03-07T00:00:00Z' }, 'c')).walkId;
    for (const w of [bo, cia]) await actions.act(w.token, walkId, 'book');
    expect(await code(page.report(bo.token, walkId, report, 'c'))).toBe('walk_not_started');
    clock = new Date('2027-03-06T19:30:00Z');
    expect((await page.list(bo.token)).walks.find((w) => w.walkId === walkId)).toMatchObject({ canCheckIn: true, canUnbook: true });
    await actions.act(bo.token, walkId, 'check-in');
    await actions.act(cia.token, walkId, 'check-in');
    clock = new Date('2027-03-07T01:00:00Z');
    await actions.act(bo.token, walkId, 'check-out');
    expect((await page.list(bo.token)).walks.find((w) => w.walkId === walkId)).toMatchObject({ presence: 'checked-out', canReport: true, reported: false });
    expect(await code(page.report(dan.token, walkId, report, 'c'))).toBe('not_booked');
    const filed = await page.report(bo.token, walkId, report, 'c');
    expect(filed).toMatchObject({ walkId, status: 'reported' });
    expect(await code(page.report(bo.token, walkId, report, 'c'))).toBe('already_reported');
    // A second walker of the same walk files their own, kept beside the first.
    await page.report(cia.token, walkId, { ...report, followUp: null }, 'c');
    expect(walks.byId.get(walkId)!.reports!.map((r) => r.volunteerId)).toEqual([bo.id, cia.id]);
    expect((await page.list(bo.token)).walks.find((w) => w.walkId === walkId)).toMatchObject({ reported: true, canReport: false });

    const events = walks.outbox.filter((e) => e.type === WalkReportedV1.type);
    expect(events).toHaveLength(2);
    const payload = WalkReportedV1.payload.parse(events[0]!.payload);
    expect(payload).toEqual({
      walkId, organisationId: 'kyrkan', startsAt: '2027-03-06T20:00:00.000Z', endsAt: '2027-03-07T00:00:00.000Z', meetingPoint: 'Kyrkan', localDate: '2027-03-06',
      reportId: filed.reportId, reportedAt: '2027-03-07T01:00:00.000Z',
      peopleMet: { children: 0, youth: 12, adults: 4, elderly: 1 }, incidents: 1,
      unsafePlaces: [{ place: 'Gångtunneln vid stationen', point: null, category: 'lighting' }, { place: null, point: { lat: 57.96, lng: 12.12 }, category: 'vegetation' }],
      followUpRequested: true,
    });
    // No walker and none of the free text leaves in the event.
    const text = JSON.stringify(events);
    for (const secret of [bo.id, bo.personId, 'bråkade', 'lampor trasiga', 'fastighetsägaren']) expect(text).not.toContain(secret);
    expect((events[1]!.payload as { followUpRequested: boolean }).followUpRequested).toBe(false);

    // Booked but never checked in; then 30 days after the walk it closes.
    clock = new Date('2027-03-05T12:00:00Z');
    const later = (await coordinate.scheduleOne(actor, { ...plan, startsAt: '2027-03-08T20:00:00Z', endsAt: '2027-03-08T23:00:00Z' }, 'c')).walkId;
    await actions.act(dan.token, later, 'book');
    clock = new Date('2027-03-09T08:00:00Z');
    expect(await code(page.report(dan.token, later, report, 'c'))).toBe('not_checked_in');
    await expect(page.report(dan.token, '00000000-0000-4000-8000-000000000000', report, 'c')).rejects.toBeInstanceOf(WalkNotFound);
    clock = new Date('2027-03-01T12:00:00Z');
  });

  it('refuses a report on a cancelled walk', async () => {
    const eva = await walker('eva');
    const walkId = (await coordinate.scheduleOne(actor, { ...plan, startsAt: '2027-03-10T20:00:00Z', endsAt: '2027-03-10T23:00:00Z' }, 'c')).walkId;
    await actions.act(eva.token, walkId, 'book');
    await coordinate.cancel(actor, walkId, 'Storm', 'c');
    clock = new Date('2027-03-11T08:00:00Z');
    expect(await code(page.report(eva.token, walkId, report, 'c'))).toBe('walk_cancelled');
    clock = new Date('2027-03-01T12:00:00Z');
  });
});
