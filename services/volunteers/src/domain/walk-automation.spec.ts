import type { StaffingRules } from './staffing';
import { book, newWalk, type Walk } from './walk';
import { availabilityOf, availableFor, cancelUnstaffed, type InvitationCandidate, inviteWalkers, remindWalkers, reminderDueAt } from './walk-automation';

// Fake clock: every rule takes the time as an argument. Friday 5 March 2027 21:00–01:00 in Stockholm (CET, UTC+1).
const tz = 'Europe/Stockholm';
const rules: StaffingRules = { id: 'org', minimumAge: 18, minimumWalkers: 2, trainedWalkersRequired: 1 };
const created = new Date('2027-03-01T12:00:00Z');
const plan = { organisationId: 'org', startsAt: '2027-03-05T20:00:00Z', endsAt: '2027-03-06T00:00:00Z', meetingPoint: 'Busstationen', maxWalkers: 3 };
const walk = (over: Partial<typeof plan> = {}): Walk => newWalk({ id: 'w', municipalityId: 'ale', seriesId: null }, { ...plan, ...over }, rules, 'coord', created);
const walker = (id: string, over: Partial<InvitationCandidate> = {}): InvitationCandidate => ({
  volunteerId: id,
  personId: `p-${id}`,
  organisationId: 'org',
  birthYear: 1980,
  active: true,
  basicTraining: true,
  guardianConsent: false,
  availability: ['friday'],
  ...over,
});
const booked = (w: Walk, id: string, over: Partial<InvitationCandidate> = {}): Walk => {
  const next = book(w, walker(id, over), rules, created);
  if (typeof next === 'string') throw new Error(next);
  return next;
};
const at = (iso: string) => new Date(iso);

describe('the day-before reminder', () => {
  it('is due from 09:00 on the municipality\'s clock the day before the walk, also across summer time', () => {
    expect(reminderDueAt(walk(), tz).toISOString()).toBe('2027-03-04T08:00:00.000Z');
    // Summer time (UTC+2): a Saturday walk 21:00 → Friday 09:00 local = 07:00Z.
    expect(reminderDueAt({ startsAt: '2027-06-12T19:00:00Z', endsAt: '2027-06-12T23:00:00Z' }, tz).toISOString()).toBe('2027-06-11T07:00:00.000Z');
  });

  it('reminds each booked walker once, from then until the start, and nobody on a cancelled walk', () => {
    const w = booked(booked(walk(), 'a'), 'b');
    expect(remindWalkers(w, tz, at('2027-03-04T07:59:59Z'))).toBeNull();
    const first = remindWalkers(w, tz, at('2027-03-04T08:00:00Z'))!;
    expect(first.reminded.map((b) => b.volunteerId)).toEqual(['a', 'b']);
    expect(first.next.remindedVolunteerIds).toEqual(['a', 'b']);
    // The same run again (another instance, the next round): nothing.
    expect(remindWalkers(first.next, tz, at('2027-03-04T08:05:00Z'))).toBeNull();
    // A walker who books later is reminded alone.
    const later = remindWalkers(booked(first.next, 'c'), tz, at('2027-03-05T10:00:00Z'))!;
    expect(later.reminded.map((b) => b.volunteerId)).toEqual(['c']);
    expect(later.next.remindedVolunteerIds).toEqual(['a', 'b', 'c']);
    expect(remindWalkers(booked(walk(), 'a'), tz, at('2027-03-05T20:00:00Z'))).toBeNull(); // started
    expect(remindWalkers({ ...w, status: 'cancelled' }, tz, at('2027-03-04T09:00:00Z'))).toBeNull();
    expect(remindWalkers(walk(), tz, at('2027-03-04T09:00:00Z'))).toBeNull(); // nobody booked
  });
});

describe('usual availability against the walk\'s day and time', () => {
  const startingAt = (startsAt: string) => ({ startsAt, endsAt: new Date(Date.parse(startsAt) + 4 * 3_600_000).toISOString() });
  it('tells evenings (after midnight: the evening before) by day, and daytime walks', () => {
    expect(availabilityOf(startingAt('2027-03-05T20:00:00Z'), tz)).toEqual(['friday']); // Fri 21:00
    expect(availabilityOf(startingAt('2027-03-05T23:30:00Z'), tz)).toEqual(['friday']); // Sat 00:30: Friday's night
    expect(availabilityOf(startingAt('2027-03-06T18:00:00Z'), tz)).toEqual(['saturday']); // Sat 19:00
    expect(availabilityOf(startingAt('2027-03-03T16:00:00Z'), tz)).toEqual(['weekday-evenings']); // Wed 17:00
    expect(availabilityOf(startingAt('2027-03-07T19:00:00Z'), tz)).toEqual(['weekday-evenings']); // Sun 20:00: before a working day
    expect(availabilityOf(startingAt('2027-03-03T09:00:00Z'), tz)).toEqual(['daytime']); // Wed 10:00
    expect(availabilityOf(startingAt('2027-03-06T09:00:00Z'), tz)).toEqual(['daytime', 'saturday']); // Sat 10:00
    expect(availabilityOf(startingAt('2027-03-03T15:59:00Z'), tz)).toEqual(['daytime']); // Wed 16:59
  });

  it('a walker fits when one of their choices fits; none recorded fits nothing', () => {
    const friday = startingAt('2027-03-05T20:00:00Z');
    expect(availableFor(['saturday', 'friday'], friday, tz)).toBe(true);
    expect(availableFor(['weekday-evenings', 'daytime'], friday, tz)).toBe(false);
    expect(availableFor([], friday, tz)).toBe(false);
    expect(availableFor(undefined, friday, tz)).toBe(false);
  });
});

describe('invitations to an understaffed walk', () => {
  const lead = 12 * 3_600_000;
  const understaffed = (w: Walk): Walk => ({ ...w, understaffedAt: '2027-03-03T20:00:00.000Z' });
  const during = at('2027-03-04T10:00:00Z');

  it('invites, once, each active walker of the organisation who fits the day, may book it and is not booked', () => {
    const w = understaffed(booked(walk(), 'booked'));
    const candidates = [
      walker('booked'),
      walker('fits'),
      walker('saturdays-only', { availability: ['saturday'] }),
      walker('no-availability', { availability: undefined }),
      walker('other-org', { organisationId: 'other' }),
      walker('too-young', { birthYear: 2015 }),
      walker('inactive', { active: false }),
    ];
    const first = inviteWalkers(w, candidates, rules, tz, lead, during)!;
    expect(first.invited.map((c) => c.volunteerId)).toEqual(['fits']);
    expect(first.next.invitedVolunteerIds).toEqual(['fits']);
    expect(inviteWalkers(first.next, candidates, rules, tz, lead, during)).toBeNull();
    // A walker who became active since is invited in a later round, alone.
    const again = inviteWalkers(first.next, [...candidates, walker('new')], rules, tz, lead, at('2027-03-04T11:00:00Z'))!;
    expect(again.invited.map((c) => c.volunteerId)).toEqual(['new']);
  });

  it('invites nobody before the understaffed mark, once staffed, full, cancelled, or from the automatic cancellation\'s lead time on', () => {
    const w = understaffed(booked(walk(), 'booked'));
    const c = [walker('fits')];
    expect(inviteWalkers(booked(walk(), 'booked'), c, rules, tz, lead, during)).toBeNull(); // not marked
    expect(inviteWalkers(understaffed(booked(booked(walk(), 'a'), 'b')), c, rules, tz, lead, during)).toBeNull(); // staffed
    expect(inviteWalkers({ ...w, status: 'cancelled' }, c, rules, tz, lead, during)).toBeNull();
    expect(inviteWalkers(w, c, rules, tz, lead, at('2027-03-05T08:00:00Z'))).toBeNull(); // 12 h before
    expect(inviteWalkers(w, c, rules, tz, lead, at('2027-03-05T07:59:59Z'))).not.toBeNull();
    expect(inviteWalkers(w, c, rules, tz, 0, at('2027-03-05T19:00:00Z'))).not.toBeNull(); // no automatic cancellation
  });
});

describe('the automatic cancellation of a walk that cannot be staffed', () => {
  const lead = 12 * 3_600_000;
  it('cancels an understaffed walk from the lead time on, once, as the system with reason unstaffed', () => {
    const w = booked(walk(), 'lonely');
    expect(cancelUnstaffed(w, rules, lead, at('2027-03-05T07:59:59Z'))).toBeNull();
    const cancelled = cancelUnstaffed(w, rules, lead, at('2027-03-05T08:00:00Z'))!;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { cancelledAt: '2027-03-05T08:00:00.000Z', cancelledBy: 'system:volunteers', reason: 'unstaffed' } });
    expect(cancelled.bookings.map((b) => b.volunteerId)).toEqual(['lonely']);
    expect(cancelUnstaffed(cancelled, rules, lead, at('2027-03-05T08:01:00Z'))).toBeNull(); // the second run
  });

  it('leaves a staffed walk, a started one, and every walk when the municipality turned it off (0)', () => {
    expect(cancelUnstaffed(booked(booked(walk(), 'a'), 'b'), rules, lead, at('2027-03-05T10:00:00Z'))).toBeNull();
    // Two walkers but none trained: the rules do not hold.
    expect(cancelUnstaffed(booked(booked(walk(), 'a', { basicTraining: false }), 'b', { basicTraining: false }), rules, lead, at('2027-03-05T10:00:00Z'))).not.toBeNull();
    expect(cancelUnstaffed(walk(), rules, lead, at('2027-03-05T20:00:00Z'))).toBeNull();
    expect(cancelUnstaffed(walk(), rules, 0, at('2027-03-05T19:00:00Z'))).toBeNull();
  });
});
