import { createHash } from 'node:crypto';
import { FINDING_CATEGORIES, type FindingCategory, type RecordFindingInput } from './finding';
import type { Walk } from './walk';
import { reportsOf, type UnsafePlace } from './walk-report';

/**
 * Promoting an unsafe place of an after-walk report to a finding of a safety round of the same municipality (issue
 * 15): the coordinator chooses the round; the place, its category and its text are carried over (the coordinator
 * names the responsible organisation, and a category for a place reported as `other`, which findings do not have);
 * the finding notes where it came from. Once per place: the finding's id is drawn from the place itself, so a
 * second promotion — from any instance, at any time — meets the first one's finding. Pure.
 */
export interface PlacePromotion {
  reportId: string;
  index: number;
  findingId: string;
  roundId: string;
  promotedAt: string;
  promotedBy: string;
}

/** Where a promoted finding came from (kept on the finding). */
export interface FindingOrigin {
  kind: 'walk-report';
  walkId: string;
  reportId: string;
  placeIndex: number;
}

export interface PromotionChoice {
  responsibleOrganisation: string;
  category?: FindingCategory | undefined;
  description?: string | undefined;
}

export type PromotionProblem = { field: 'category' | 'description' | 'place'; message: string };

/** The one finding id a place can ever be promoted to (a UUID shaped from sha256 of the place's coordinates in its walk). */
export function promotedFindingId(walkId: string, reportId: string, index: number): string {
  const h = createHash('sha256').update(`walk-report-place:${walkId}:${reportId}:${index}`).digest('hex');
  // version 8 (custom) UUID, RFC 9562 variant
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function placeOf(walk: Walk, reportId: string, index: number): UnsafePlace | null {
  return reportsOf(walk).find((r) => r.reportId === reportId)?.unsafePlaces[index] ?? null;
}

export function promotionOf(walk: Walk, reportId: string, index: number): PlacePromotion | null {
  return (walk.promotions ?? []).find((p) => p.reportId === reportId && p.index === index) ?? null;
}

const isFindingCategory = (c: string): c is FindingCategory => (FINDING_CATEGORIES as readonly string[]).includes(c);

/** The finding's input from the reported place and the coordinator's choice, or the fields to fix. */
export function findingFromPlace(place: UnsafePlace, choice: PromotionChoice): RecordFindingInput | PromotionProblem[] {
  const problems: PromotionProblem[] = [];
  const category = choice.category ?? (isFindingCategory(place.category) ? place.category : undefined);
  if (!category) problems.push({ field: 'category', message: 'required: the place was reported as "other", which a finding has no category for' });
  const description = (choice.description ?? place.description ?? '').trim();
  if (description === '') problems.push({ field: 'description', message: 'required: the reported place has no text' });
  const where = place.point ? { kind: 'point' as const, lat: place.point.lat, lon: place.point.lng } : place.place ? { kind: 'address' as const, address: place.place } : null;
  if (!where) problems.push({ field: 'place', message: 'the reported place has neither a place nor a map point' });
  if (problems.length || !category || !where) return problems;
  return { place: where, category, description, responsibleOrganisation: choice.responsibleOrganisation.trim() };
}

/** The walk with the promotion noted (unchanged when it already is). */
export function notePromotion(walk: Walk, promotion: PlacePromotion): Walk | 'unchanged' {
  if (promotionOf(walk, promotion.reportId, promotion.index)) return 'unchanged';
  return { ...walk, promotions: [...(walk.promotions ?? []), promotion] };
}
