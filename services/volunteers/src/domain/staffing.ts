/**
 * The composition rules of a walk, as data per organisation (`municipalities/<id>/volunteers.yaml`, validated by
 * libs/municipalities): checked when a walker books, and when anyone asks whether a walk is staffed. Pure rules.
 */

/** One organisation's rules (the shape of libs/municipalities' `WalkerOrganisation`). */
export interface StaffingRules {
  id: string;
  /** Adults from this age (18, 20, 25 …). */
  minimumAge: number;
  /** Never fewer than 2 (the data refuses less; the rules here never go below 2 either). */
  minimumWalkers: number;
  trainedWalkersRequired: number;
  /** Youth walkers (from `minimumAge` up to the adult age) only where allowed, with guardian consent, never without adults. */
  youth?: { minimumAge: number; minimumAdults: number };
}

/** What the rules need to know about a walker (from the walker record; recorded in the booking when they book). */
export interface WalkerFacts {
  volunteerId: string;
  /** The walker's organisation (a walker who named none belongs to the municipality's default organisation). */
  organisationId: string;
  birthYear: number;
  /** The walker's onboarding ended approved (`active`). */
  active: boolean;
  basicTraining: boolean;
  guardianConsent: boolean;
}

/** What the rules need to know about a walk. */
export interface WalkFacts {
  organisationId: string;
  startsAt: string;
  minWalkers: number;
  maxWalkers: number;
  status: 'scheduled' | 'cancelled' | 'held';
}

/** A booking names the walker; their facts are looked up by `volunteerId`. */
export interface BookingRef {
  volunteerId: string;
}

/** Never fewer than 2 walkers on a walk, whatever the data says. */
export const ABSOLUTE_MINIMUM_WALKERS = 2;

/**
 * The walker's age on the day of the walk from a birth year only, never too old: the birthday counts as passed only
 * on 31 December (as onboarding's age check), so nobody is let on a walk a year too early.
 */
export function ageOnWalkDay(birthYear: number, startsAt: string): number {
  const day = new Date(startsAt);
  const passed = day.getUTCMonth() === 11 && day.getUTCDate() === 31;
  return day.getUTCFullYear() - birthYear - (passed ? 0 : 1);
}

export type AgeClass = 'adult' | 'youth' | 'too-young';

export function ageClass(walker: Pick<WalkerFacts, 'birthYear'>, startsAt: string, rules: StaffingRules): AgeClass {
  const age = ageOnWalkDay(walker.birthYear, startsAt);
  if (age >= rules.minimumAge) return 'adult';
  if (rules.youth && age >= rules.youth.minimumAge) return 'youth';
  return 'too-young';
}

/** The fewest walkers the walk needs: its own minimum, never below the organisation's nor below 2. */
export function requiredWalkers(walk: Pick<WalkFacts, 'minWalkers'>, rules: StaffingRules): number {
  return Math.max(ABSOLUTE_MINIMUM_WALKERS, rules.minimumWalkers, walk.minWalkers);
}

export type StaffingProblem =
  | 'too_few_walkers'
  | 'too_few_trained_walkers'
  | 'too_few_adults'
  | 'walker_not_eligible'
  | 'walk_not_scheduled';

export interface Staffing {
  staffed: boolean;
  problems: StaffingProblem[];
  walkers: number;
  required: number;
}

/**
 * A walk counts as staffed only when its rules hold: scheduled, at least `requiredWalkers`, enough with basic
 * training, and — with youth walkers on it — at least the organisation's adults; every walker counted must still be
 * eligible (active, of the organisation, old enough, a youth only with guardian consent).
 */
export function isStaffed(walk: WalkFacts, bookings: readonly BookingRef[], walkers: readonly WalkerFacts[], rules: StaffingRules): Staffing {
  const byId = new Map(walkers.map((w) => [w.volunteerId, w]));
  const booked = bookings.map((b) => byId.get(b.volunteerId));
  const problems: StaffingProblem[] = [];
  if (walk.status !== 'scheduled') problems.push('walk_not_scheduled');
  if (booked.some((w) => !w || eligibility(w, walk, rules) !== 'ok')) problems.push('walker_not_eligible');
  const known = booked.filter((w): w is WalkerFacts => w !== undefined);
  const required = requiredWalkers(walk, rules);
  if (known.length < required) problems.push('too_few_walkers');
  if (known.filter((w) => w.basicTraining).length < rules.trainedWalkersRequired) problems.push('too_few_trained_walkers');
  const classes = known.map((w) => ageClass(w, walk.startsAt, rules));
  const adults = classes.filter((c) => c === 'adult').length;
  const youth = classes.filter((c) => c === 'youth').length;
  if (adults === 0 || (youth > 0 && adults < (rules.youth?.minimumAdults ?? 1))) problems.push('too_few_adults');
  return { staffed: problems.length === 0, problems, walkers: known.length, required };
}

/** Why a walker may not book a walk (the HTTP answer's code, 409). */
export type BookingRefusal =
  | 'walk_cancelled'
  | 'walk_not_open'
  | 'walk_started'
  | 'already_booked'
  | 'walk_full'
  | 'walker_not_active'
  | 'wrong_organisation'
  | 'too_young'
  | 'guardian_consent_missing'
  | 'places_kept_for_adults'
  | 'place_kept_for_trained_walker';

/** The walker on their own (not the walk's other bookings). */
function eligibility(walker: WalkerFacts, walk: WalkFacts, rules: StaffingRules): 'ok' | BookingRefusal {
  if (!walker.active) return 'walker_not_active';
  if (walker.organisationId !== walk.organisationId) return 'wrong_organisation';
  const age = ageClass(walker, walk.startsAt, rules);
  if (age === 'too-young') return 'too_young';
  if (age === 'youth' && !walker.guardianConsent) return 'guardian_consent_missing';
  return 'ok';
}

/**
 * May this walker book this walk now? `ok`, or the reason code. Besides the walker's own eligibility, the last places
 * are kept so the walk can still be staffed: a youth walker may not take a place the adults the rules need would
 * lack, and the last place goes only to a trained walker when too few trained walkers are booked.
 */
export function canBook(walk: WalkFacts, bookings: readonly BookingRef[], walkers: readonly WalkerFacts[], walker: WalkerFacts, rules: StaffingRules, now: Date): 'ok' | BookingRefusal {
  if (walk.status === 'cancelled') return 'walk_cancelled';
  if (walk.status !== 'scheduled') return 'walk_not_open';
  if (Date.parse(walk.startsAt) <= now.getTime()) return 'walk_started';
  if (bookings.some((b) => b.volunteerId === walker.volunteerId)) return 'already_booked';
  if (bookings.length >= walk.maxWalkers) return 'walk_full';
  const own = eligibility(walker, walk, rules);
  if (own !== 'ok') return own;

  const byId = new Map(walkers.map((w) => [w.volunteerId, w]));
  const booked = bookings.map((b) => byId.get(b.volunteerId)).filter((w): w is WalkerFacts => w !== undefined);
  const freeAfter = walk.maxWalkers - bookings.length - 1;
  if (ageClass(walker, walk.startsAt, rules) === 'youth') {
    const adults = booked.filter((w) => ageClass(w, walk.startsAt, rules) === 'adult').length;
    const adultsMissing = Math.max(0, (rules.youth?.minimumAdults ?? 1) - adults);
    if (adultsMissing > freeAfter) return 'places_kept_for_adults';
  }
  if (!walker.basicTraining) {
    const trainedMissing = Math.max(0, rules.trainedWalkersRequired - booked.filter((w) => w.basicTraining).length);
    if (trainedMissing > freeAfter) return 'place_kept_for_trained_walker';
  }
  return 'ok';
}
