import type { PhotoType } from './photo';
import type { FindingOrigin } from './promotion';
import { isCalendarDate, type Round, swedishDate } from './round';

/**
 * A finding (brist) of a safety round: a place, a category, a description and the organisation responsible. After
 * the round it goes to an owner (a person at the responsible department or landlord) with a deadline, and is
 * followed until fixed: `open → assigned → fixed | wont-fix` (with a reason). Every change keeps its date.
 * Pure domain.
 */
export const FINDING_CATEGORIES = ['lighting', 'vegetation', 'vandalism', 'traffic', 'meeting-places', 'positive'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export type FindingStatus = 'open' | 'assigned' | 'fixed' | 'wont-fix';

/** An address as written, or a map point (WGS 84) within Sweden. */
export type FindingPlace = { kind: 'address'; address: string } | { kind: 'point'; lat: number; lon: number };

/** Sweden's bounding box (with a margin of a few km at sea): a point outside it is a mistake. */
const SWEDEN = { minLat: 55.0, maxLat: 69.1, minLon: 10.9, maxLon: 24.2 } as const;

export function pointInSweden(lat: number, lon: number): boolean {
  return lat >= SWEDEN.minLat && lat <= SWEDEN.maxLat && lon >= SWEDEN.minLon && lon <= SWEDEN.maxLon;
}

export const DESCRIPTION_MAX = 2000;
export const REASON_MAX = 1000;
/** Municipalities aim at six months from the round. */
export const DEFAULT_DEADLINE_MONTHS = 6;

/** Who did something: the coordinator (a token's subject), a participant (by id) or the owner (from their link). */
export type FindingActor = { kind: 'coordinator'; subject: string } | { kind: 'participant'; participantId: string } | { kind: 'owner' };

export interface FindingChange {
  status: FindingStatus;
  at: string;
  by: FindingActor['kind'];
}

export interface Finding {
  id: string;
  municipalityId: string;
  roundId: string;
  /** The round's day (`YYYY-MM-DD`): the protocol counts days from it to the fix. */
  roundDate: string;
  place: FindingPlace;
  category: FindingCategory;
  description: string;
  responsibleOrganisation: string;
  status: FindingStatus;
  /** Personal data of the owner: the coordinator's views and the owner link only, never events or the protocol. */
  ownerEmail: string | null;
  /** The language of the owner's email (`sv` when not given). */
  ownerLanguage?: 'sv' | 'en';
  /** `YYYY-MM-DD`. */
  deadline: string;
  wontFixReason: string | null;
  recordedBy: FindingActor;
  recordedAt: string;
  /** The photo's type, size and when it was added (the bytes, without metadata, are stored beside the finding). */
  photo: { type: PhotoType; size: number; addedAt: string } | null;
  assignedAt: string | null;
  fixedAt: string | null;
  closedAt: string | null;
  history: FindingChange[];
  /** A finding promoted from an after-walk report's unsafe place notes the report (absent: recorded on the round). */
  origin?: FindingOrigin | null;
}

export interface RecordFindingInput {
  place: FindingPlace;
  category: FindingCategory;
  description: string;
  responsibleOrganisation: string;
}

export type FindingRefusal = 'place-outside-sweden' | 'description-empty' | 'description-too-long' | 'bad-transition' | 'already-closed' | 'reason-required' | 'reason-too-long' | 'invalid-deadline';

export class FindingRuleBroken extends Error {
  constructor(readonly refusal: FindingRefusal) {
    super(refusal);
  }
}

/** `YYYY-MM-DD` plus whole months (the 31st of a shorter month becomes its last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const targetMonth = m - 1 + months;
  const last = new Date(Date.UTC(y, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, targetMonth, Math.min(d, last))).toISOString().slice(0, 10);
}

/** A finding of `round`, recorded `open` with the default deadline (six months after the round). */
export function recordFinding(id: string, round: Pick<Round, 'id' | 'municipalityId' | 'plannedDate'>, input: RecordFindingInput, by: FindingActor, now: Date): Finding {
  if (input.place.kind === 'point' && !pointInSweden(input.place.lat, input.place.lon)) throw new FindingRuleBroken('place-outside-sweden');
  const description = input.description.trim();
  if (description === '') throw new FindingRuleBroken('description-empty');
  if (description.length > DESCRIPTION_MAX) throw new FindingRuleBroken('description-too-long');
  const at = now.toISOString();
  return {
    id,
    municipalityId: round.municipalityId,
    roundId: round.id,
    roundDate: round.plannedDate,
    place: input.place,
    category: input.category,
    description,
    responsibleOrganisation: input.responsibleOrganisation.trim(),
    status: 'open',
    ownerEmail: null,
    deadline: addMonths(round.plannedDate, DEFAULT_DEADLINE_MONTHS),
    wontFixReason: null,
    recordedBy: by,
    recordedAt: at,
    photo: null,
    assignedAt: null,
    fixedAt: null,
    closedAt: null,
    history: [{ status: 'open', at, by: by.kind }],
  };
}

/**
 * The coordinator gives an open (or already assigned: a new owner) finding an owner and a deadline (default: the one
 * it has, six months after the round; never before the round). A fixed or won't-fix finding is closed.
 */
export function assignFinding(finding: Finding, ownerEmail: string, deadline: string | null, by: FindingActor, now: Date, ownerLanguage: 'sv' | 'en' = 'sv'): Finding {
  if (finding.status !== 'open' && finding.status !== 'assigned') throw new FindingRuleBroken('bad-transition');
  const due = deadline ?? finding.deadline;
  if (!isCalendarDate(due) || due < finding.roundDate) throw new FindingRuleBroken('invalid-deadline');
  const at = now.toISOString();
  return { ...finding, status: 'assigned', ownerEmail: ownerEmail.toLowerCase(), ownerLanguage, deadline: due, assignedAt: at, history: [...finding.history, { status: 'assigned', at, by: by.kind }] };
}

/** The owner (or the coordinator) closes an assigned finding: `fixed`, or `wont-fix` with a reason. */
export function closeFinding(finding: Finding, to: 'fixed' | 'wont-fix', reason: string | null, by: FindingActor, now: Date): Finding {
  // Closed already (e.g. by a second, simultaneous update that won the version-checked write): said as such.
  if (finding.status === 'fixed' || finding.status === 'wont-fix') throw new FindingRuleBroken('already-closed');
  if (finding.status !== 'assigned') throw new FindingRuleBroken('bad-transition');
  const at = now.toISOString();
  if (to === 'wont-fix') {
    const why = (reason ?? '').trim();
    if (why === '') throw new FindingRuleBroken('reason-required');
    if (why.length > REASON_MAX) throw new FindingRuleBroken('reason-too-long');
    return { ...finding, status: 'wont-fix', wontFixReason: why, closedAt: at, history: [...finding.history, { status: 'wont-fix', at, by: by.kind }] };
  }
  return { ...finding, status: 'fixed', fixedAt: at, closedAt: at, history: [...finding.history, { status: 'fixed', at, by: by.kind }] };
}

/** A photo is added (or replaced) while the finding is open or assigned; a closed finding keeps what it has. */
export function addPhoto(finding: Finding, photo: { type: PhotoType; size: number }, now: Date): Finding {
  if (finding.status === 'fixed' || finding.status === 'wont-fix') throw new FindingRuleBroken('bad-transition');
  return { ...finding, photo: { ...photo, addedAt: now.toISOString() } };
}

/** Whole days from the round's day to the day it was fixed (Swedish dates); null while not fixed. */
export function daysToFix(finding: Pick<Finding, 'roundDate' | 'fixedAt'>): number | null {
  if (finding.fixedAt === null) return null;
  const fixed = swedishDate(new Date(finding.fixedAt));
  return Math.round((Date.parse(`${fixed}T00:00:00Z`) - Date.parse(`${finding.roundDate}T00:00:00Z`)) / 86_400_000);
}
