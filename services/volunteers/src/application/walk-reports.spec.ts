import { InMemoryAuditTrail } from '@trygg/service-testing';
import { FindingRecordedV1, type EventEnvelope } from '@trygg/contracts';
import { InMemoryWalks } from '../../test/fakes';
import type { Finding } from '../domain/finding';
import { planRound, type Round, RoundRuleBroken } from '../domain/round';
import { followUpReview, setFollowUpMeeting, setReferenceGroups, suggestedFollowUpDate } from '../domain/round-follow-up';
import type { Walk } from '../domain/walk';
import { WalkNotFound } from './errors';
import type { StaffActor } from './ports';
import { RoundNotFound } from './round-errors';
import type { RoundStore } from './round-ports';
import { AlreadyPromoted, type FindingInserts, PromoteUnsafePlace, PromotionInvalid, RoundFollowUp } from './walk-reports';

class Rounds implements RoundStore {
  readonly byId = new Map<string, Round>();
  async insert(round: Round) {
    this.byId.set(round.id, structuredClone(round));
  }
  async change(m: string, id: string, decide: (current: Round) => Round | 'unchanged') {
    const current = this.byId.get(id);
    if (!current || current.municipalityId !== m) return 'not-found' as const;
    const next = decide(structuredClone(current));
    if (next === 'unchanged') return 'unchanged' as const;
    this.byId.set(id, next);
    return 'changed' as const;
  }
  async find(m: string, id: string) {
    const r = this.byId.get(id);
    return r && r.municipalityId === m ? structuredClone(r) : null;
  }
  async list() {
    return [];
  }
}

class Findings implements FindingInserts {
  readonly byId = new Map<string, Finding>();
  readonly outbox: EventEnvelope[] = [];
  async insertOnce(finding: Finding, events: EventEnvelope[]) {
    if (this.byId.has(finding.id)) return false;
    this.byId.set(finding.id, finding);
    this.outbox.push(...events);
    return true;
  }
  async ofRound(m: string, roundId: string) {
    return [...this.byId.values()].filter((f) => f.municipalityId === m && f.roundId === roundId);
  }
}

const actor: StaffActor = { subject: 'idp#samordnare', name: 'Samordnare', role: 'coordinator', scope: 'ale' };
const WALK = '0b8d2c1e-6f0a-4f51-9a7e-3f3c1d2b4a50';
const walk: Walk = {
  id: WALK,
  municipalityId: 'ale',
  organisationId: 'kyrkan',
  seriesId: null,
  startsAt: '2027-03-05T20:00:00Z',
  endsAt: '2027-03-06T00:00:00Z',
  meetingPoint: 'Busstationen',
  minWalkers: 2,
  maxWalkers: 4,
  status: 'held',
  bookings: [],
  log: [],
  debrief: null,
  understaffedAt: null,
  cancellation: null,
  createdAt: '2027-01-01T00:00:00Z',
  createdBy: 'idp#c',
  reports: [
    {
      reportId: 'r1',
      volunteerId: 'v1',
      reportedAt: '2027-03-06T01:00:00Z',
      peopleMet: { children: 0, youth: 3, adults: 1, elderly: 0 },
      incidents: { count: 0, description: null },
      unsafePlaces: [
        { place: 'Gångtunneln vid stationen', point: null, category: 'lighting', description: 'Två lampor trasiga' },
        { place: 'Parkeringen', point: null, category: 'other', description: 'Folk samlas' },
      ],
      followUp: null,
    },
  ],
};

describe('promoting a reported unsafe place to a round\'s finding', () => {
  const clock = () => new Date('2027-03-10T10:00:00Z');
  const walks = new InMemoryWalks();
  const rounds = new Rounds();
  const findings = new Findings();
  const audit = new InMemoryAuditTrail();
  const promote = new PromoteUnsafePlace(walks, rounds, findings, audit, clock);
  const round = planRound('a1b2c3d4-0000-4000-8000-000000000001', 'ale', { district: 'Centrum', plannedDate: '2027-03-08', meetingPoint: 'Torget' }, 'idp#c', clock());
  const future = planRound('a1b2c3d4-0000-4000-8000-000000000002', 'ale', { district: 'Nol', plannedDate: '2027-04-08', meetingPoint: 'Torget' }, 'idp#c', clock());
  const elsewhere = planRound('a1b2c3d4-0000-4000-8000-000000000003', 'trollhattan', { district: 'Centrum', plannedDate: '2027-03-08', meetingPoint: 'Torget' }, 'idp#c', clock());
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof AlreadyPromoted ? 'already_promoted' : e instanceof PromotionInvalid ? `invalid:${e.problems.map((x) => x.field).join(',')}` : e instanceof RoundRuleBroken ? e.refusal : (e as Error).constructor.name),
    );

  beforeAll(async () => {
    await walks.insert(walk, []);
    for (const r of [round, future, elsewhere]) await rounds.insert(r);
  });

  it('records the finding with the place, category and text, notes its origin, writes finding-recorded, audits', async () => {
    const finding = await promote.execute(actor, WALK, 'r1', 0, { roundId: round.id, responsibleOrganisation: 'Gatuavdelningen' }, 'c-1');
    expect(finding).toMatchObject({ roundId: round.id, place: { kind: 'address', address: 'Gångtunneln vid stationen' }, category: 'lighting', description: 'Två lampor trasiga', status: 'open', deadline: '2027-09-08', origin: { kind: 'walk-report', walkId: WALK, reportId: 'r1', placeIndex: 0 } });
    expect(findings.outbox).toHaveLength(1);
    expect(findings.outbox[0]).toMatchObject({ type: FindingRecordedV1.type, municipalityId: 'ale', payload: { findingId: finding.id, roundId: round.id, category: 'lighting', district: 'Centrum' } });
    expect((await walks.findById('ale', WALK))!.promotions).toEqual([expect.objectContaining({ reportId: 'r1', index: 0, findingId: finding.id, roundId: round.id })]);
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'walk-place-promoted', subject: { kind: 'finding', id: finding.id } })]);
  });

  it('a second promotion of the same place is refused — to any round — and nothing more is written', async () => {
    expect(await outcome(promote.execute(actor, WALK, 'r1', 0, { roundId: round.id, responsibleOrganisation: 'x' }, 'c-2'))).toBe('already_promoted');
    expect(findings.outbox).toHaveLength(1);
    expect(audit.entries).toHaveLength(1);
  });

  it('the same place promoted by another instance meanwhile (the walk not yet noted) is refused by the finding\'s id, and the walk is noted', async () => {
    const w = structuredClone(walk);
    w.id = '0b8d2c1e-6f0a-4f51-9a7e-3f3c1d2b4a51';
    await walks.insert(w, []);
    const racer = new PromoteUnsafePlace(walks, rounds, findings, audit, clock);
    const [a, b] = await Promise.all([
      outcome(racer.execute(actor, w.id, 'r1', 0, { roundId: round.id, responsibleOrganisation: 'x' }, 'c-3')),
      outcome(promote.execute(actor, w.id, 'r1', 0, { roundId: round.id, responsibleOrganisation: 'x' }, 'c-4')),
    ]);
    expect([a, b].sort()).toEqual(['already_promoted', 'ok']);
    expect(findings.outbox).toHaveLength(2);
    expect((await walks.findById('ale', w.id))!.promotions).toHaveLength(1);
  });

  it('refuses: "other" without a category; an unknown place, walk or round (or another municipality\'s); a round before its day', async () => {
    expect(await outcome(promote.execute(actor, WALK, 'r1', 1, { roundId: round.id, responsibleOrganisation: 'x' }, 'c'))).toBe('invalid:category');
    expect(await outcome(promote.execute(actor, WALK, 'r1', 5, { roundId: round.id, responsibleOrganisation: 'x' }, 'c'))).toBe(WalkNotFound.name);
    expect(await outcome(promote.execute(actor, WALK, 'r9', 0, { roundId: round.id, responsibleOrganisation: 'x' }, 'c'))).toBe(WalkNotFound.name);
    expect(await outcome(promote.execute({ ...actor, scope: 'trollhattan' }, WALK, 'r1', 1, { roundId: elsewhere.id, responsibleOrganisation: 'x' }, 'c'))).toBe(WalkNotFound.name);
    expect(await outcome(promote.execute(actor, WALK, 'r1', 1, { roundId: elsewhere.id, responsibleOrganisation: 'x', category: 'traffic' }, 'c'))).toBe(RoundNotFound.name);
    expect(await outcome(promote.execute(actor, WALK, 'r1', 1, { roundId: future.id, responsibleOrganisation: 'x', category: 'traffic' }, 'c'))).toBe('not-yet-held-date');
    expect(await outcome(promote.execute(actor, WALK, 'r1', 1, { roundId: round.id, responsibleOrganisation: 'Fastighetsbolaget', category: 'meeting-places' }, 'c'))).toBe('ok');
    expect(findings.outbox).toHaveLength(3);
  });
});

describe('a round\'s follow-up', () => {
  const clock = () => new Date('2027-10-01T10:00:00Z');
  const round = planRound('a1b2c3d4-0000-4000-8000-000000000009', 'ale', { district: 'Centrum', plannedDate: '2027-03-08', meetingPoint: 'Torget' }, 'idp#c', new Date('2027-03-01T00:00:00Z'));
  const refusal = (f: () => unknown) => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return (e as RoundRuleBroken).refusal;
    }
  };

  it('the meeting is on or after the round, suggested four weeks later, not changed once followed up', () => {
    expect(suggestedFollowUpDate(round)).toBe('2027-04-05');
    expect((setFollowUpMeeting(round, '2027-04-05') as Round).followUpMeetingDate).toBe('2027-04-05');
    expect(refusal(() => setFollowUpMeeting(round, '2027-03-07'))).toBe('invalid-date');
    expect(refusal(() => setFollowUpMeeting(round, '2027-02-30'))).toBe('invalid-date');
    expect(refusal(() => setFollowUpMeeting({ ...round, status: 'followed-up' }, '2027-04-05'))).toBe('bad-transition');
    expect(setFollowUpMeeting({ ...round, followUpMeetingDate: '2027-04-05' }, '2027-04-05')).toBe('unchanged');
  });

  it('reference groups: trimmed, each name once, at most 30', () => {
    const next = setReferenceGroups(round, [{ name: ' Grannsamverkan Nol ', groupId: 'g1' }, { name: 'grannsamverkan nol', groupId: null }, { name: 'Alafors väst', groupId: null }]) as Round;
    expect(next.referenceGroups).toEqual([{ name: 'Grannsamverkan Nol', groupId: 'g1' }, { name: 'Alafors väst', groupId: null }]);
    expect(setReferenceGroups(next, next.referenceGroups!)).toBe('unchanged');
    expect(refusal(() => setReferenceGroups(round, Array.from({ length: 31 }, (_, i) => ({ name: `G${i}`, groupId: null }))))).toBe('too-many-groups');
  });

  it('the review: days open, overdue against the deadline and the six-month aim', async () => {
    const f = (id: string, over: Partial<Finding>): Finding => ({
      id, municipalityId: 'ale', roundId: round.id, roundDate: '2027-03-08', place: { kind: 'address', address: 'a' }, category: 'lighting', description: 'd', responsibleOrganisation: 'o',
      status: 'open', ownerEmail: null, deadline: '2027-09-08', wontFixReason: null, recordedBy: { kind: 'owner' }, recordedAt: '2027-03-08T18:00:00Z', photo: null, assignedAt: null, fixedAt: null, closedAt: null, history: [], ...over,
    });
    const list = [
      f('1', {}),
      f('2', { status: 'assigned', ownerEmail: 'a@b.se', deadline: '2027-12-01' }),
      f('3', { status: 'fixed', fixedAt: '2027-03-18T10:00:00Z', closedAt: '2027-03-18T10:00:00Z' }),
    ];
    const review = followUpReview(round, list, '2027-10-01', (iso) => iso.slice(0, 10));
    expect(review.aim).toBe('2027-09-08');
    expect(review.rows.map((r) => [r.finding.id, r.daysOpen, r.overdue, r.pastAim])).toEqual([
      ['1', 207, true, true],
      ['2', 207, false, true],
      ['3', 10, false, false],
    ]);
    expect(review.counts).toEqual({ findings: 3, open: 1, assigned: 1, fixed: 1, wontFix: 0, overdue: 1, pastAim: 2 });

    const rounds = new Rounds();
    await rounds.insert(round);
    const findings = new Findings();
    for (const x of list) await findings.insertOnce(x, []);
    const audit = new InMemoryAuditTrail();
    const followUp = new RoundFollowUp(rounds, findings, audit, clock);
    await followUp.setMeeting(actor, round.id, '2027-04-05', 'c');
    await followUp.setGroups(actor, round.id, [{ name: 'Grannsamverkan Nol', groupId: null }], 'c');
    const shown = await followUp.review(actor, round.id);
    expect(shown).toMatchObject({ today: '2027-10-01', suggested: '2027-04-05', groups: ['Grannsamverkan Nol'], round: { followUpMeetingDate: '2027-04-05' }, counts: { overdue: 1 } });
    expect(audit.entries.map((r) => r.action)).toEqual(['round-follow-up-meeting-set', 'round-reference-groups-set']);
    await expect(followUp.review({ ...actor, scope: 'trollhattan' }, round.id)).rejects.toBeInstanceOf(RoundNotFound);
  });
});
