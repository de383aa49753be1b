import pino from 'pino';
import { parseEvent, PoliceApprovalOverdueV1 } from '@trygg/contracts';
import { InMemoryCases } from '../../test/fakes';
import { calendarYearOf, DAY_MS, median, percentile, waitingOf } from '../domain/approval-time';
import { DecideCase } from './decide-case';
import { ListPendingCases } from './list-pending-cases';
import { OpenCase, type StepRequest } from './open-case';
import type { ApprovalTargets, DecisionAudit } from './ports';
import { OVERDUE_REMINDER_SENT, RemindOverdueCases } from './remind-overdue-cases';
import { RevokeCase } from './revoke-case';
import { ShowOverview } from './show-overview';

const opened = new Date('2026-03-02T09:00:00Z');
const officer = { subject: 'https://idp.polisen.example#officer-7', name: 'Polis Sju', role: 'police-officer', scope: 'lpo-trollhattan' };
const targets: ApprovalTargets = {
  municipalityIds: () => ['lilla-edet', 'trollhattan'],
  targetDaysOf: (m) => (m === 'trollhattan' ? 7 : 14),
  timeZoneOf: () => 'Europe/Stockholm',
};

const request = (n: number, municipalityId = 'lilla-edet'): StepRequest => ({
  municipalityId,
  instanceId: `0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a${String(10 + n)}`,
  stepId: 'police-approval',
  stepType: 'police-approval',
  attempt: 1,
  subject: { kind: 'contact-person', id: `7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e${String(10 + n)}`, personId: `7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9f${String(10 + n)}` },
  subjectFields: { name: `Person ${n}` },
  policeAreaId: 'lpo-trollhattan',
  dueAt: null,
});

/** A fake clock the test moves. */
function fakeClock(start: Date) {
  let now = start;
  return { clock: () => now, set: (at: Date) => void (now = at), advance: (ms: number) => void (now = new Date(now.getTime() + ms)) };
}

function setup() {
  const time = fakeClock(opened);
  const cases = new InMemoryCases();
  const audited: Array<Parameters<DecisionAudit['record']>[0]> = [];
  const audit: DecisionAudit = { record: async (e) => void audited.push(e) };
  const open = new OpenCase(cases, { defaultAreaOf: () => 'lpo-trollhattan' }, pino({ level: 'silent' }), time.clock);
  const remind = new RemindOverdueCases(cases, targets, audit, time.clock);
  const reminders = () => [...cases.docs.values()].flatMap((d) => d.events).filter((e) => e.type === PoliceApprovalOverdueV1.type);
  return { time, cases, audited, open, remind, reminders, audit };
}

/** The overview's groups and observations are tested in group-projection.spec.ts: none here. */
const noGroups = { ofPoliceArea: async () => [] };
const noObservations = { openCounts: async () => ({}) };

describe('the overdue reminder (fake clock)', () => {
  it('fires once after day 14 and never again, however often housekeeping runs', async () => {
    const s = setup();
    const c = (await s.open.execute(request(1)))!;
    // Every hour for 13 days and 23 hours: nothing.
    for (let h = 1; h < 14 * 24; h++) {
      s.time.set(new Date(opened.getTime() + h * 3_600_000));
      expect(await s.remind.runOnce()).toBe(0);
    }
    expect(s.reminders()).toEqual([]);
    // Day 14 reached: one reminder.
    s.time.set(new Date(opened.getTime() + 14 * DAY_MS));
    expect(await s.remind.runOnce()).toBe(1);
    // Every hour for the next 60 days: none again.
    for (let h = 1; h <= 60 * 24; h++) {
      s.time.advance(3_600_000);
      expect(await s.remind.runOnce()).toBe(0);
    }
    const sent = s.reminders();
    expect(sent).toHaveLength(1);
    const event = parseEvent(sent[0]!);
    expect(event).toMatchObject({ type: 'police.approval-overdue.v1', municipalityId: 'lilla-edet' });
    expect(event.payload).toEqual({
      caseId: c.id, policeAreaId: 'lpo-trollhattan', instanceId: c.instanceId, stepId: 'police-approval', attempt: 1,
      waitingSince: opened.toISOString(), targetDays: 14, daysWaiting: 14,
    });
    expect(JSON.stringify(event.payload)).not.toMatch(/Person 1|personId|7d0c2a35/);
    expect(s.cases.docs.get(c.id)!.work.overdueReminderSentAt).toBe(new Date(opened.getTime() + 14 * DAY_MS).toISOString());
    // Audited once, the housekeeping as actor.
    expect(s.audited).toEqual([
      {
        actor: { subject: 'system:police-liaison', name: 'housekeeping', role: 'system', scope: 'lilla-edet' },
        action: OVERDUE_REMINDER_SENT,
        subject: { kind: 'police-case', id: c.id },
        municipalityId: 'lilla-edet',
        policeAreaId: 'lpo-trollhattan',
        correlationId: event.correlationId,
        details: { instanceId: c.instanceId, stepId: 'police-approval', attempt: 1, targetDays: 14, daysWaiting: 14, eventId: event.eventId },
      },
    ]);
  });

  it('follows each municipality\'s target, and never reminds of a decided case', async () => {
    const s = setup();
    const lillaEdet = (await s.open.execute(request(1)))!;
    const trollhattan = (await s.open.execute(request(2, 'trollhattan')))!;
    const decided = (await s.open.execute(request(3, 'trollhattan')))!;
    await new DecideCase(s.cases, s.audit, s.time.clock).execute('lpo-trollhattan', decided.id, { outcome: 'approve', reason: 'ok', decidedBy: 'x' }, 'c', officer);
    s.time.set(new Date(opened.getTime() + 7 * DAY_MS));
    expect(await s.remind.runOnce()).toBe(1); // Trollhättan's target is 7 days
    expect(s.reminders().map((e) => (e.payload as { caseId: string }).caseId)).toEqual([trollhattan.id]);
    s.time.set(new Date(opened.getTime() + 14 * DAY_MS));
    expect(await s.remind.runOnce()).toBe(1);
    expect(s.reminders().map((e) => (e.payload as { caseId: string }).caseId).sort()).toEqual([trollhattan.id, lillaEdet.id].sort());
  });

  it('two instances at once: each case reminded once', async () => {
    const s = setup();
    for (let n = 1; n <= 30; n++) await s.open.execute(request(n));
    s.time.set(new Date(opened.getTime() + 20 * DAY_MS));
    const other = new RemindOverdueCases(s.cases, targets, s.audit, s.time.clock, 7);
    const [a, b] = await Promise.all([s.remind.runOnce(), other.runOnce()]);
    expect(a + b).toBe(30);
    expect(s.reminders()).toHaveLength(30);
    expect(new Set(s.reminders().map((e) => (e.payload as { caseId: string }).caseId)).size).toBe(30);
  });
});

describe('the approval queue', () => {
  it('lists oldest first with days waiting against the municipality\'s target, overdue marked', async () => {
    const s = setup();
    const old = (await s.open.execute(request(1, 'trollhattan')))!;
    s.time.advance(5 * DAY_MS);
    const recent = (await s.open.execute(request(2)))!;
    s.time.advance(3 * DAY_MS + 3_600_000);
    const list = new ListPendingCases(s.cases, s.audit, targets, s.time.clock);
    const queue = await list.execute('lpo-trollhattan', { actor: officer, municipalityIds: ['lilla-edet', 'trollhattan'], policeAreaId: 'lpo-trollhattan' }, 'c');
    expect(queue.map((c) => [c.id, c.waitingSince, c.daysWaiting, c.targetDays, c.overdue])).toEqual([
      [old.id, old.openedAt, 8, 7, true],
      [recent.id, recent.openedAt, 3, 14, false],
    ]);
  });

  it('counts whole days and marks overdue from the moment the target has passed', () => {
    const at = (ms: number) => new Date(opened.getTime() + ms);
    expect(waitingOf(opened.toISOString(), 14, at(14 * DAY_MS - 1))).toMatchObject({ daysWaiting: 13, overdue: false });
    expect(waitingOf(opened.toISOString(), 14, at(14 * DAY_MS))).toMatchObject({ daysWaiting: 14, overdue: true });
    expect(waitingOf(opened.toISOString(), 14, at(-DAY_MS))).toMatchObject({ daysWaiting: 0, overdue: false });
  });
});

describe('the officer\'s overview', () => {
  it('counts waiting and overdue cases and the median and 90th-percentile days to a decision this year, per municipality and for the area', async () => {
    const s = setup();
    const decide = new DecideCase(s.cases, s.audit, s.time.clock);
    // Last year's decision does not count.
    s.time.set(new Date('2025-12-01T10:00:00Z'));
    const lastYear = (await s.open.execute(request(20)))!;
    s.time.set(new Date('2025-12-20T10:00:00Z'));
    await decide.execute('lpo-trollhattan', lastYear.id, { outcome: 'approve', reason: 'ok', decidedBy: 'x' }, 'c', officer);
    // This year: Lilla Edet decided after 2, 4, 6, 8 … 20 days (10 cases); Trollhättan one after 10 days.
    for (let n = 1; n <= 10; n++) {
      s.time.set(new Date('2026-01-10T10:00:00Z'));
      const c = (await s.open.execute(request(n)))!;
      s.time.set(new Date(Date.parse('2026-01-10T10:00:00Z') + 2 * n * DAY_MS));
      await decide.execute('lpo-trollhattan', c.id, { outcome: n === 3 ? 'reject' : 'approve', reason: 'ok', decidedBy: 'x' }, 'c', officer);
    }
    s.time.set(new Date('2026-02-01T10:00:00Z'));
    const t = (await s.open.execute(request(11, 'trollhattan')))!;
    s.time.set(new Date('2026-02-11T10:00:00Z'));
    await decide.execute('lpo-trollhattan', t.id, { outcome: 'approve', reason: 'ok', decidedBy: 'x' }, 'c', officer);
    // Waiting now (2026-03-01): Lilla Edet one of 20 days (overdue) and one of 2; Trollhättan one of 8 (overdue, target 7).
    s.time.set(new Date('2026-02-09T10:00:00Z'));
    await s.open.execute(request(12));
    s.time.set(new Date('2026-02-21T10:00:00Z'));
    await s.open.execute(request(13, 'trollhattan'));
    s.time.set(new Date('2026-02-27T10:00:00Z'));
    await s.open.execute(request(14));
    s.time.set(new Date('2026-03-01T10:00:00Z'));
    const overview = await new ShowOverview(s.cases, targets, noGroups, noObservations, s.time.clock).execute('lpo-trollhattan', ['lilla-edet', 'trollhattan']);
    expect(overview).toEqual({
      policeAreaId: 'lpo-trollhattan',
      year: 2026,
      municipalities: [
        { municipalityId: 'lilla-edet', targetDays: 14, waiting: 2, overdue: 1, decided: 10, medianDays: 11, p90Days: 18, decidedWithinTarget: 7 },
        { municipalityId: 'trollhattan', targetDays: 7, waiting: 1, overdue: 1, decided: 1, medianDays: 10, p90Days: 10, decidedWithinTarget: 0 },
      ],
      total: { waiting: 3, overdue: 2, decided: 11, medianDays: 10, p90Days: 18 },
      groups: expect.any(Object),
    });
  });

  it('counts a revoked approval at the time of the approval, not of the revocation', async () => {
    const s = setup();
    const decide = new DecideCase(s.cases, s.audit, s.time.clock);
    s.time.set(new Date('2026-01-10T10:00:00Z'));
    const c = (await s.open.execute(request(1)))!;
    s.time.set(new Date('2026-01-14T10:00:00Z'));
    await decide.execute('lpo-trollhattan', c.id, { outcome: 'approve', reason: 'ok', decidedBy: 'x' }, 'c', officer);
    s.time.set(new Date('2026-02-20T10:00:00Z'));
    await new RevokeCase(s.cases, s.audit, s.time.clock).execute('lpo-trollhattan', c.id, { reason: 'Har flyttat', decidedBy: 'x' }, 'c', officer);
    expect((await s.cases.find('lpo-trollhattan', c.id))!.work.decision).toMatchObject({ outcome: 'revoked' });
    const overview = await new ShowOverview(s.cases, targets, noGroups, noObservations, s.time.clock).execute('lpo-trollhattan', ['lilla-edet']);
    expect(overview.total).toMatchObject({ decided: 1, medianDays: 4, p90Days: 4 });
  });

  it('answers nulls, not zeros, for a year without decisions', async () => {
    const s = setup();
    const overview = await new ShowOverview(s.cases, targets, noGroups, noObservations, s.time.clock).execute('lpo-trollhattan', ['lilla-edet']);
    expect(overview.total).toEqual({ waiting: 0, overdue: 0, decided: 0, medianDays: null, p90Days: null });
  });

  it('percentiles by nearest rank, the median of an even count the mean of the middle two, the year in Stockholm time', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([5], 90)).toBe(5);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([3, 1, 2])).toBe(2);
    // 23:30 UTC on New Year's Eve is already the new year in Stockholm; the year began at 23:00 UTC.
    expect(calendarYearOf(new Date('2026-12-31T23:30:00Z'), 'Europe/Stockholm')).toEqual({ year: 2027, startsAt: new Date('2026-12-31T23:00:00Z') });
  });
});
