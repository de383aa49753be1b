import { InMemoryAuditTrail } from '@trygg/service-testing';
import { confirmedWalker, InMemoryVolunteers, InMemoryWalkerLinks, InMemoryWalks, testSecret } from '../../test/fakes';
import type { StaffingRules } from '../domain/staffing';
import { applyOnboardingOutcome } from '../domain/volunteer';
import { LinkRejected, WalkPlanInvalid, WalkRefused } from './errors';
import type { StaffActor, WalkRules } from './ports';
import { ReportUnderstaffedWalks } from './report-understaffed-walks';
import { IssueWalkerLink, RecordQualifications, WalkerActions, WalkerNotActive } from './walker-actions';
import { CoordinateWalks } from './walks';

const church: StaffingRules = { id: 'kyrkan', minimumAge: 20, minimumWalkers: 2, trainedWalkersRequired: 1 };
const rules: WalkRules = { organisation: (m, id) => (m === 'ale' && id === 'kyrkan' ? church : undefined), defaultOrganisation: () => 'kyrkan', timezone: () => 'Europe/Stockholm', cancelUnstaffedLeadMs: () => 12 * 3_600_000 };
const actor: StaffActor = { subject: 'idp#samordnare', name: 'Samordnare', role: 'coordinator', scope: 'ale' };

describe('walks: the coordinator, the walkers through their links, the understaffed job', () => {
  let clock = new Date('2027-03-01T12:00:00Z');
  const now = () => clock;
  const volunteers = new InMemoryVolunteers();
  const walks = new InMemoryWalks();
  const links = new InMemoryWalkerLinks();
  const audit = new InMemoryAuditTrail();
  const coordinate = new CoordinateWalks(walks, rules, audit, now);
  const walkers = new WalkerActions(volunteers, links, walks, rules, now);
  const issue = new IssueWalkerLink(volunteers, links, testSecret, 'http://web.test', now);
  const qualify = new RecordQualifications(volunteers, audit, now);
  const understaffed = new ReportUnderstaffedWalks(walks, rules, 100, now);
  const plan = { organisationId: 'kyrkan', startsAt: '2027-03-05T20:00:00Z', endsAt: '2027-03-06T00:00:00Z', meetingPoint: 'Kyrkan', maxWalkers: 2 };

  async function walker(name: string, active = true) {
    const v = await confirmedWalker(volunteers, { municipalityId: 'ale', name, email: `${name}@example.se`, birthYear: 1980, organisationId: null, mobile: null, smsOptIn: false, language: 'sv' }, clock);
    if (active) await volunteers.change('ale', v.id, (c) => ({ next: applyOnboardingOutcome(c, 'approved', null, clock) as typeof c, events: [] }));
    return v;
  }
  const tokenOf = async (volunteerId: string) => (await issue.execute(volunteerId)).url.split('/').at(-1)!;
  const refusal = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof WalkRefused || e instanceof LinkRejected ? e.code : (e as Error).constructor.name));

  it('schedules a walk with its event and audit, refuses an unknown organisation and a bad plan naming the field', async () => {
    const view = await coordinate.scheduleOne(actor, plan, 'c');
    expect(view).toMatchObject({ minWalkers: 2, status: 'scheduled', staffed: false });
    expect(walks.outbox.map((e) => e.type)).toEqual(['volunteers.walk-scheduled.v1']);
    expect(audit.entries.map((r) => r.action)).toEqual(['walk-scheduled']);
    await expect(coordinate.scheduleOne(actor, { ...plan, organisationId: 'okand' }, 'c')).rejects.toBeInstanceOf(WalkPlanInvalid);
    await expect(coordinate.scheduleOne(actor, { ...plan, maxWalkers: 1 }, 'c')).rejects.toMatchObject({ problems: [{ field: 'maxWalkers' }] });
  });

  it('materialises a weekly series as single walks, each with its walk-scheduled event', async () => {
    const before = walks.outbox.length;
    const { seriesId, walks: created } = await coordinate.scheduleSeries(actor, { organisationId: 'kyrkan', weekdays: ['fri', 'sat'], startTime: '21:00', endTime: '01:00', from: '2027-03-02', weeks: 2, meetingPoint: 'Busstationen', maxWalkers: 3 }, 'c');
    expect(created.map((w) => w.startsAt)).toEqual(['2027-03-05T20:00:00.000Z', '2027-03-06T20:00:00.000Z', '2027-03-12T20:00:00.000Z', '2027-03-13T20:00:00.000Z']);
    expect(created.every((w) => w.seriesId === seriesId)).toBe(true);
    expect(walks.outbox.length - before).toBe(4);
  });

  it('gives links to walks only to active walkers; books through the link; refuses the rules clearly', async () => {
    const pending = await walker('pending', false);
    await expect(issue.execute(pending.id)).rejects.toBeInstanceOf(WalkerNotActive);
    const [anna, bo, cia] = [await walker('anna'), await walker('bo'), await walker('cia')];
    const walkId = (await coordinate.scheduleOne(actor, plan, 'c')).walkId;
    const [ta, tb, tc] = [await tokenOf(anna.id), await tokenOf(bo.id), await tokenOf(cia.id)];
    expect(await refusal(walkers.act('A'.repeat(43), walkId, 'book'))).toBe('token_invalid');
    // No one trained: the second (last) place is kept for a trained walker.
    expect(await refusal(walkers.act(ta, walkId, 'book'))).toBe('ok');
    expect(await refusal(walkers.act(tb, walkId, 'book'))).toBe('place_kept_for_trained_walker');
    await qualify.execute(actor, bo.id, { basicTraining: true }, 'c');
    expect(audit.entries.at(-1)?.action).toBe('walker-qualifications-recorded');
    expect(await refusal(walkers.act(tb, walkId, 'book'))).toBe('ok');
    expect(await refusal(walkers.act(tc, walkId, 'book'))).toBe('walk_full');
    expect(await refusal(walkers.act(tc, walkId, 'check-in'))).toBe('not_booked');
    expect((await coordinate.list('ale', new Date('2027-03-05T00:00:00Z'), new Date('2027-03-06T00:00:00Z'))).find((w) => w.walkId === walkId)).toMatchObject({ staffed: true, problems: [] });
    // The link works 30 days.
    clock = new Date('2027-04-15T12:00:00Z');
    expect(await refusal(walkers.act(ta, walkId, 'unbook'))).toBe('token_expired');
    clock = new Date('2027-03-01T12:00:00Z');
  });

  it('cancels with walk-cancelled naming only the booked walkers\' ids; a cancelled walk cannot be booked', async () => {
    const dora = await walker('dora');
    const walkId = (await coordinate.scheduleOne(actor, plan, 'c')).walkId;
    const token = await tokenOf(dora.id);
    await walkers.act(token, walkId, 'book');
    await coordinate.cancel(actor, walkId, 'Storm', 'c');
    expect(walks.outbox.at(-1)).toMatchObject({ type: 'volunteers.walk-cancelled.v1', payload: { walkId, reason: 'Storm', bookedPersonIds: [dora.personId], localDate: '2027-03-05', localStartTime: '21:00', localEndTime: '01:00' } });
    expect(await refusal(walkers.act(token, walkId, 'book'))).toBe('walk_cancelled');
    expect(await refusal(coordinate.cancel(actor, walkId, 'again', 'c'))).toBe('already_cancelled');
    expect(await refusal(coordinate.cancel({ ...actor, scope: 'lilla-edet' }, walkId, 'x', 'c'))).toBe('WalkNotFound');
  });

  it('48 h before: an understaffed walk is reported once, not earlier, however often the job runs', async () => {
    const emil = await walker('emil');
    await qualify.execute(actor, emil.id, { basicTraining: true }, 'c');
    const lonely = (await coordinate.scheduleOne(actor, { ...plan, startsAt: '2027-03-20T20:00:00Z', endsAt: '2027-03-21T00:00:00Z' }, 'c')).walkId;
    await walkers.act(await tokenOf(emil.id), lonely, 'book');
    clock = new Date('2027-03-18T19:00:00Z'); // 49 h before: not yet
    await understaffed.runOnce();
    const count = () => walks.outbox.filter((e) => e.type === 'volunteers.walk-understaffed.v1' && (e.payload as { walkId: string }).walkId === lonely);
    expect(count()).toHaveLength(0);
    clock = new Date('2027-03-18T21:00:00Z');
    await understaffed.runOnce();
    await understaffed.runOnce();
    expect(count()).toHaveLength(1);
    expect(count()[0]!.payload).toMatchObject({ bookedWalkers: 1, requiredWalkers: 2, problems: ['too_few_walkers'] });
    clock = new Date('2027-03-01T12:00:00Z');
  });
});
