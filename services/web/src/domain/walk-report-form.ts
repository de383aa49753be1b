import { asFormBody, type FieldError, hasControlCharacters, text, type Validated } from './form-input';

/** The unsafe-place categories volunteers takes (`walkerWalks.UNSAFE_PLACE_CATEGORIES` of @trygg/http-contracts). */
export const UNSAFE_CATEGORIES = ['lighting', 'vegetation', 'vandalism', 'traffic', 'meeting-places', 'other'] as const;
type UnsafeCategory = (typeof UNSAFE_CATEGORIES)[number];

/** How many unsafe places the form offers (no JavaScript: fixed rows; an empty row is no place). */
export const PLACE_ROWS = 3;
const TEXT_MAX = 2000;
const PLACE_MAX = 200;
const COUNT_MAX = 10_000;
export const AGE_GROUPS = ['children', 'youth', 'adults', 'elderly'] as const;

export interface WalkReportForm {
  peopleMet: Record<(typeof AGE_GROUPS)[number], number>;
  incidents: { count: number; description?: string };
  unsafePlaces: Array<{ place?: string; point?: { lat: number; lng: number }; category: UnsafeCategory; description?: string }>;
  followUp?: string;
}

/** A count: empty is 0 (nobody), else a whole number 0–max. */
function count(value: string, max: number): number | undefined {
  if (value === '') return 0;
  if (!/^\d{1,5}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= max ? n : undefined;
}

/** A map point written as "58.1323, 12.1301" (decimal comma or point). */
function point(value: string): { lat: number; lng: number } | undefined {
  const m = /^(-?\d{1,2}(?:\.\d{1,8})?)\s*[,;]\s*(-?\d{1,3}(?:\.\d{1,8})?)$/.exec(value.replace(/(\d),(\d)/g, '$1.$2').replace(/\s+/g, ' '));
  if (!m) return undefined;
  const [lat, lng] = [Number(m[1]), Number(m[2])];
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined;
}

function longText(value: string, field: string, errors: FieldError[]): string | undefined {
  if (value.length > TEXT_MAX) errors.push({ field, key: 'walks.report.errors.tooLong' });
  return value || undefined;
}

/**
 * The after-walk report as posted by the form: counts per age group (empty = 0), incidents (count and what happened),
 * up to three unsafe places (a place or a map point, a category, a description) and things to follow up. Each bad
 * field named, with the values kept for the page.
 */
export function validateWalkReportForm(input: unknown): Validated<WalkReportForm> {
  const body = asFormBody(input);
  const errors: FieldError[] = [];
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') values[key] = text(body, key);

  const peopleMet = {} as WalkReportForm['peopleMet'];
  for (const group of AGE_GROUPS) {
    const n = count(text(body, group), COUNT_MAX);
    if (n === undefined) errors.push({ field: group, key: 'walks.report.errors.count' });
    peopleMet[group] = n ?? 0;
  }
  const incidentCount = count(text(body, 'incidents'), 1000);
  if (incidentCount === undefined) errors.push({ field: 'incidents', key: 'walks.report.errors.count' });
  const incidentText = longText(text(body, 'incidentsDescription'), 'incidentsDescription', errors);

  const unsafePlaces: WalkReportForm['unsafePlaces'] = [];
  for (let i = 1; i <= PLACE_ROWS; i += 1) {
    const place = text(body, `place${i}`);
    const pointText = text(body, `point${i}`);
    const category = text(body, `category${i}`);
    const description = text(body, `placeDescription${i}`);
    if (!place && !pointText && !description) continue;
    const row: WalkReportForm['unsafePlaces'][number] = { category: 'other' };
    if (place) {
      if (place.length > PLACE_MAX || hasControlCharacters(place)) errors.push({ field: `place${i}`, key: 'walks.report.errors.place' });
      else row.place = place;
    }
    if (pointText) {
      const p = point(pointText);
      if (!p) errors.push({ field: `point${i}`, key: 'walks.report.errors.point' });
      else row.point = p;
    }
    if (!place && !pointText) errors.push({ field: `place${i}`, key: 'walks.report.errors.placeMissing' });
    if ((UNSAFE_CATEGORIES as readonly string[]).includes(category)) row.category = category as UnsafeCategory;
    else errors.push({ field: `category${i}`, key: 'walks.report.errors.category' });
    const d = longText(description, `placeDescription${i}`, errors);
    if (d) row.description = d;
    unsafePlaces.push(row);
  }
  const followUp = longText(text(body, 'followUp'), 'followUp', errors);

  if (errors.length) return { ok: false, errors, values };
  return {
    ok: true,
    value: {
      peopleMet,
      incidents: { count: incidentCount!, ...(incidentText ? { description: incidentText } : {}) },
      unsafePlaces,
      ...(followUp ? { followUp } : {}),
    },
  };
}
