import { ageOnWalkDay, canBook, isStaffed, requiredWalkers, type StaffingRules, type WalkerFacts, type WalkFacts } from './staffing';

const rules: StaffingRules = { id: 'nattvandrarna', minimumAge: 18, minimumWalkers: 3, trainedWalkersRequired: 1 };
const withYouth: StaffingRules = { ...rules, youth: { minimumAge: 15, minimumAdults: 2 } };
// A Friday night in 2027: someone born in 2008 is surely 18 (birth year + 19 ≤ 2027), born 2009 counts as 17.
const walk: WalkFacts = { organisationId: 'nattvandrarna', startsAt: '2027-03-05T20:00:00.000Z', minWalkers: 3, maxWalkers: 4, status: 'scheduled' };
const now = new Date('2027-03-01T12:00:00Z');

let n = 0;
function walker(over: Partial<WalkerFacts> = {}): WalkerFacts {
  n += 1;
  return { volunteerId: `w${n}`, organisationId: 'nattvandrarna', birthYear: 1980, active: true, basicTraining: false, guardianConsent: false, ...over };
}
const refs = (ws: WalkerFacts[]) => ws.map((w) => ({ volunteerId: w.volunteerId }));
const staffed = (ws: WalkerFacts[], r = rules, w = walk) => isStaffed(w, refs(ws), ws, r);
const book = (ws: WalkerFacts[], who: WalkerFacts, r = rules, w = walk) => canBook(w, refs(ws), ws, who, r, now);

describe('age from a birth year', () => {
  it('counts the birthday as passed only on 31 December (never too old)', () => {
    expect(ageOnWalkDay(2009, '2027-03-05T20:00:00Z')).toBe(17);
    expect(ageOnWalkDay(2009, '2027-12-31T20:00:00Z')).toBe(18);
  });
});

describe('isStaffed', () => {
  const trained = () => walker({ basicTraining: true });

  it('holds with the minimum of walkers, one trained, all adults', () => {
    expect(staffed([trained(), walker(), walker()])).toEqual({ staffed: true, problems: [], walkers: 3, required: 3 });
  });

  it('is understaffed below the minimum of walkers', () => {
    expect(staffed([trained(), walker()]).problems).toEqual(['too_few_walkers']);
  });

  it('never needs fewer than 2 walkers, whatever the walk or the data says', () => {
    expect(requiredWalkers({ minWalkers: 1 }, { ...rules, minimumWalkers: 1 })).toBe(2);
    expect(staffed([trained()], { ...rules, minimumWalkers: 1 }, { ...walk, minWalkers: 1 }).problems).toEqual(['too_few_walkers']);
  });

  it('takes the organisation\'s minimum when the walk asks for fewer, and the walk\'s when it asks for more', () => {
    expect(requiredWalkers({ minWalkers: 2 }, { ...rules, minimumWalkers: 4 })).toBe(4);
    expect(requiredWalkers({ minWalkers: 5 }, rules)).toBe(5);
  });

  it('needs the organisation\'s number of walkers with basic training', () => {
    expect(staffed([walker(), walker(), walker()]).problems).toEqual(['too_few_trained_walkers']);
    expect(staffed([trained(), walker(), walker()], { ...rules, trainedWalkersRequired: 2 }).problems).toEqual(['too_few_trained_walkers']);
  });

  it('never without adults: youth walkers need the organisation\'s minimum of adults beside them', () => {
    const youth = () => walker({ birthYear: 2010, guardianConsent: true });
    expect(staffed([trained(), youth(), youth()], withYouth).problems).toEqual(['too_few_adults']);
    expect(staffed([trained(), walker(), youth()], withYouth).staffed).toBe(true);
  });

  it('does not count a walker who is no longer eligible (not active, too young, youth without consent)', () => {
    expect(staffed([trained(), walker(), walker({ active: false })]).problems).toEqual(['walker_not_eligible']);
    expect(staffed([trained(), walker(), walker({ birthYear: 2010 })]).problems).toContain('walker_not_eligible');
    expect(staffed([trained(), walker(), walker({ birthYear: 2010 })], withYouth).problems).toEqual(['walker_not_eligible']);
  });

  it('a booking whose walker is unknown is not counted', () => {
    const ws = [trained(), walker()];
    expect(isStaffed(walk, [...refs(ws), { volunteerId: 'gone' }], ws, rules).problems).toEqual(['walker_not_eligible', 'too_few_walkers']);
  });

  it('a cancelled walk is not staffed', () => {
    expect(staffed([trained(), walker(), walker()], rules, { ...walk, status: 'cancelled' }).problems).toEqual(['walk_not_scheduled']);
  });
});

describe('canBook', () => {
  it('lets an active adult of the organisation book a walk with places', () => {
    expect(book([], walker())).toBe('ok');
  });

  it('refuses a cancelled walk, a held walk and a walk that has started', () => {
    expect(book([], walker(), rules, { ...walk, status: 'cancelled' })).toBe('walk_cancelled');
    expect(book([], walker(), rules, { ...walk, status: 'held' })).toBe('walk_not_open');
    expect(canBook(walk, [], [], walker(), rules, new Date(walk.startsAt))).toBe('walk_started');
  });

  it('refuses a full walk and a second booking of the same walker', () => {
    const four = [walker({ basicTraining: true }), walker(), walker(), walker()];
    expect(book(four, walker({ basicTraining: true }))).toBe('walk_full');
    expect(book(four.slice(0, 2), four[0]!)).toBe('already_booked');
  });

  it('refuses a walker who is not active and one of another organisation', () => {
    expect(book([], walker({ active: false }))).toBe('walker_not_active');
    expect(book([], walker({ organisationId: 'kyrkan' }))).toBe('wrong_organisation');
  });

  it('applies the organisation\'s minimum age (18, 20, 25)', () => {
    const born2005 = walker({ birthYear: 2005 }); // 21 on the walk
    expect(book([], born2005, { ...rules, minimumAge: 20 })).toBe('ok');
    expect(book([], born2005, { ...rules, minimumAge: 25 })).toBe('too_young');
    expect(book([], walker({ birthYear: 2009 }), rules)).toBe('too_young');
  });

  it('youth walkers only where the organisation allows them, and only with guardian consent recorded', () => {
    expect(book([], walker({ birthYear: 2010, guardianConsent: true }), rules)).toBe('too_young');
    expect(book([], walker({ birthYear: 2010 }), withYouth)).toBe('guardian_consent_missing');
    expect(book([], walker({ birthYear: 2010, guardianConsent: true }), withYouth)).toBe('ok');
    expect(book([], walker({ birthYear: 2013, guardianConsent: true }), withYouth)).toBe('too_young');
  });

  it('keeps the places the adults need: a youth may not take a place that leaves too few for them', () => {
    const youth = () => walker({ birthYear: 2010, guardianConsent: true });
    const y1 = youth();
    // 4 places, one youth booked: a second youth would leave 2 places, exactly the 2 adults needed → ok.
    expect(book([y1], youth(), withYouth)).toBe('ok');
    const y2 = youth();
    // two youth and one place left: a third youth would leave no place for the 2 adults.
    expect(book([y1, y2], youth(), withYouth)).toBe('places_kept_for_adults');
    expect(book([y1, y2], walker({ basicTraining: true }), withYouth)).toBe('ok');
  });

  it('keeps the last place for a trained walker when none is booked', () => {
    const three = [walker(), walker(), walker()];
    expect(book(three, walker())).toBe('place_kept_for_trained_walker');
    expect(book(three, walker({ basicTraining: true }))).toBe('ok');
    expect(book(three.slice(0, 2), walker())).toBe('ok');
  });
});
