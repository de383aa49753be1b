import type { StaffingRules } from './staffing';
import { cancelWalk, checkIn, checkOut, debrief, markUnderstaffed, newWalk, occurrences, planProblems, unbook, book, type Walk, zonedTime } from './walk';

const rules: StaffingRules = { id: 'org', minimumAge: 18, minimumWalkers: 3, trainedWalkersRequired: 1 };
const now = new Date('2027-03-01T12:00:00Z');
const plan = { organisationId: 'org', startsAt: '2027-03-05T20:00:00Z', endsAt: '2027-03-06T00:00:00Z', meetingPoint: 'Busstationen', maxWalkers: 4 };
const walk = (): Walk => newWalk({ id: 'w', municipalityId: 'ale', seriesId: null }, plan, rules, 'coord', now);
const walker = (id: string, over: Partial<{ basicTraining: boolean; birthYear: number }> = {}) => ({
  volunteerId: id,
  personId: `p-${id}`,
  organisationId: 'org',
  birthYear: 1980,
  active: true,
  basicTraining: false,
  guardianConsent: false,
  ...over,
});
const booked = (w: Walk, id: string, over = {}): Walk => {
  const next = book(w, walker(id, over), rules, now);
  if (typeof next === 'string') throw new Error(next);
  return next;
};

describe('a walk plan', () => {
  it('defaults its minimum to the organisation\'s and refuses fewer, a maximum below it, a past start and an end before the start', () => {
    expect(walk().minWalkers).toBe(3);
    expect(planProblems({ ...plan, minWalkers: 2 }, rules, now).map((p) => p.field)).toEqual(['minWalkers']);
    expect(planProblems({ ...plan, maxWalkers: 2 }, rules, now).map((p) => p.field)).toEqual(['maxWalkers']);
    expect(planProblems({ ...plan, startsAt: '2027-02-01T20:00:00Z' }, rules, now).map((p) => p.field)).toEqual(['startsAt']);
    expect(planProblems({ ...plan, endsAt: plan.startsAt }, rules, now).map((p) => p.field)).toEqual(['endsAt']);
  });
});

describe('a weekly series', () => {
  it('Fri + Sat 21:00–01:00 Europe/Stockholm: the end on the next day, winter and summer time', () => {
    const dates = occurrences({ weekdays: ['fri', 'sat'], startTime: '21:00', endTime: '01:00', timezone: 'Europe/Stockholm', from: '2027-03-22', weeks: 1 });
    // 2027-03-26 is a Friday (CET, +01:00); summer time starts on Sunday 28 March, after Saturday's walk ends.
    expect(dates).toEqual([
      { startsAt: '2027-03-26T20:00:00.000Z', endsAt: '2027-03-27T00:00:00.000Z' },
      { startsAt: '2027-03-27T20:00:00.000Z', endsAt: '2027-03-28T00:00:00.000Z' },
    ]);
    const summer = occurrences({ weekdays: ['fri'], startTime: '21:00', endTime: '01:00', timezone: 'Europe/Stockholm', from: '2027-06-01', weeks: 2 });
    expect(summer.map((d) => d.startsAt)).toEqual(['2027-06-04T19:00:00.000Z', '2027-06-11T19:00:00.000Z']);
  });

  it('a local time on the day summer time starts', () => {
    expect(zonedTime('2027-03-28', '21:00', 'Europe/Stockholm').toISOString()).toBe('2027-03-28T19:00:00.000Z');
  });
});

describe('unbooking, check-in and check-out', () => {
  it('unbooks a booked walker before the start only', () => {
    const w = booked(walk(), 'a');
    expect(unbook(w, 'b', now)).toBe('not_booked');
    expect((unbook(w, 'a', now) as Walk).bookings).toEqual([]);
    expect(unbook(w, 'a', new Date(plan.startsAt))).toBe('walk_started');
  });

  it('checks in only a booked walker, only around the walk, once, and out only after checking in', () => {
    const w = booked(walk(), 'a');
    const onTheNight = new Date('2027-03-05T19:30:00Z');
    expect(checkIn(w, 'b', onTheNight)).toBe('not_booked');
    expect(checkIn(w, 'a', now)).toBe('check_in_not_open');
    expect(checkOut(w, 'a', onTheNight)).toBe('not_checked_in');
    const inside = checkIn(w, 'a', onTheNight) as Walk;
    expect(inside.log).toEqual([{ volunteerId: 'a', kind: 'check-in', at: onTheNight.toISOString() }]);
    expect(checkIn(inside, 'a', onTheNight)).toBe('already_checked_in');
    expect((checkOut(inside, 'a', new Date('2027-03-06T00:10:00Z')) as Walk).log.map((l) => l.kind)).toEqual(['check-in', 'check-out']);
  });

  it('refuses everything on a cancelled walk', () => {
    const cancelled = cancelWalk(booked(walk(), 'a'), 'coord', 'storm', now) as Walk;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelWalk(cancelled, 'coord', 'again', now)).toBe('already_cancelled');
    expect(book(cancelled, walker('b'), rules, now)).toBe('walk_cancelled');
    expect(checkIn(cancelled, 'a', new Date('2027-03-05T19:30:00Z'))).toBe('walk_cancelled');
    expect(debrief(cancelled, 'x', new Date('2027-03-06T10:00:00Z'))).toBe('walk_cancelled');
  });

  it('the debrief after the start marks the walk held', () => {
    expect(debrief(walk(), 'calm', now)).toBe('walk_not_started');
    expect(debrief(walk(), 'calm', new Date('2027-03-06T10:00:00Z'))).toMatchObject({ status: 'held', debrief: 'calm' });
  });
});

describe('understaffed 48 hours before', () => {
  const at = (iso: string) => new Date(iso);

  it('marks a walk under its rules within 48 h of the start, once', () => {
    const w = booked(walk(), 'a', { basicTraining: true });
    expect(markUnderstaffed(w, rules, at('2027-03-03T19:59:00Z'))).toBeNull(); // more than 48 h before
    const marked = markUnderstaffed(w, rules, at('2027-03-03T20:00:00Z'));
    expect(marked?.staffing.problems).toEqual(['too_few_walkers']);
    expect(markUnderstaffed(marked!.next, rules, at('2027-03-04T20:00:00Z'))).toBeNull();
  });

  it('leaves a staffed walk, a cancelled one and one that has started alone', () => {
    const staffed = booked(booked(booked(walk(), 'a', { basicTraining: true }), 'b'), 'c');
    expect(markUnderstaffed(staffed, rules, at('2027-03-04T20:00:00Z'))).toBeNull();
    expect(markUnderstaffed(cancelWalk(walk(), 'c', 'r', now) as Walk, rules, at('2027-03-04T20:00:00Z'))).toBeNull();
    expect(markUnderstaffed(walk(), rules, at(plan.startsAt))).toBeNull();
  });
});
