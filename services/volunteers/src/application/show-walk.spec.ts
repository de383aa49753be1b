import { InMemoryAuditTrail } from '@trygg/service-testing';
import { confirmedWalker, InMemoryVolunteers, InMemoryWalkerLinks, InMemoryWalks, testSecret } from '../../test/fakes';
import type { StaffingRules } from '../domain/staffing';
import { applyOnboardingOutcome } from '../domain/volunteer';
import { WalkNotFound } from './errors';
import type { StaffActor, WalkRules } from './ports';
import { ShowWalk } from './show-walk';
import { IssueWalkerLink, RecordQualifications, WalkerActions } from './walker-actions';
import { CoordinateWalks } from './walks';

const church: StaffingRules = { id: 'kyrkan', minimumAge: 20, minimumWalkers: 2, trainedWalkersRequired: 0 };
const rules: WalkRules = { organisation: (m, id) => (id === 'kyrkan' ? church : undefined), defaultOrganisation: () => 'kyrkan', timezone: () => 'Europe/Stockholm', cancelUnstaffedLeadMs: () => 12 * 3_600_000 };
const actor: StaffActor = { subject: 'idp#samordnare', name: 'Samordnare', role: 'coordinator', scope: 'ale' };

describe('the coordinator\'s walk page: ShowWalk, a series until a day', () => {
  const clock = new Date('2027-03-01T12:00:00Z');
  const now = () => clock;
  const volunteers = new InMemoryVolunteers();
  const walks = new InMemoryWalks();
  const links = new InMemoryWalkerLinks();
  const audit = new InMemoryAuditTrail();
  const coordinate = new CoordinateWalks(walks, rules, audit, now);
  const walkerActions = new WalkerActions(volunteers, links, walks, rules, now);
  const issue = new IssueWalkerLink(volunteers, links, testSecret, 'http://web.test', now);
  const qualify = new RecordQualifications(volunteers, audit, now);
  const show = new ShowWalk(walks, volunteers, rules);

  async function activeWalker(name: string) {
    const v = await confirmedWalker(volunteers, { municipalityId: 'ale', name, email: `${name}@example.se`, birthYear: 1980, organisationId: null, mobile: null, smsOptIn: false, language: 'sv' }, clock);
    await volunteers.change('ale', v.id, (c) => ({ next: applyOnboardingOutcome(c, 'approved', null, clock) as typeof c, events: [] }));
    return v;
  }

  it('a series with `until` has no walk starting after that day (the municipality\'s calendar)', async () => {
    const { walks: created } = await coordinate.scheduleSeries(actor, { organisationId: 'kyrkan', weekdays: ['fri', 'sat'], startTime: '21:00', endTime: '01:00', from: '2027-03-02', weeks: 2, until: '2027-03-12', meetingPoint: 'Busstationen', maxWalkers: 3 }, 'c');
    expect(created.map((w) => w.startsAt)).toEqual(['2027-03-05T20:00:00.000Z', '2027-03-06T20:00:00.000Z', '2027-03-12T20:00:00.000Z']);
  });

  it('names the booked walkers with their recorded training; another municipality\'s walk is not found', async () => {
    const walk = await coordinate.scheduleOne(actor, { organisationId: 'kyrkan', startsAt: '2027-03-05T20:00:00Z', endsAt: '2027-03-06T00:00:00Z', meetingPoint: 'Kyrkan', maxWalkers: 4 }, 'c');
    const [anna, bo] = [await activeWalker('Anna'), await activeWalker('Bo')];
    await qualify.execute(actor, bo.id, { basicTraining: true, guardianConsent: true }, 'c');
    for (const v of [anna, bo]) await walkerActions.act((await issue.execute(v.id)).url.split('/').at(-1)!, walk.walkId, 'book');

    const detail = await show.execute('ale', walk.walkId);
    expect(detail).toMatchObject({ walkId: walk.walkId, meetingPoint: 'Kyrkan', bookings: [{ volunteerId: anna.id }, { volunteerId: bo.id }] });
    expect(detail.walkers).toEqual([
      { volunteerId: anna.id, name: 'Anna', basicTraining: false, guardianConsent: false },
      { volunteerId: bo.id, name: 'Bo', basicTraining: true, guardianConsent: true },
    ]);
    await expect(show.execute('lilla-edet', walk.walkId)).rejects.toBeInstanceOf(WalkNotFound);
  });
});
