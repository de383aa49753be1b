import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { type Address, type Coordinates, houseNumberOf, streetKey } from './address';

/**
 * An area (område) of a municipality, defined as data in `municipalities/<id>/areas.yaml`.
 * Postcodes do not follow area boundaries, so a rule is street + number range, optionally narrowed by postcode;
 * a rule with only a postcode is allowed but is the weakest kind of match.
 */
export type Parity = 'odd' | 'even' | 'all';

export interface AreaRule {
  /** Normal form "NNN NN". */
  postcode: string | null;
  street: string | null;
  numbers: { from: number; to: number; parity: Parity } | null;
}

export interface Area {
  id: string;
  name: string;
  householdCount: number | null;
  policeAreaId: string;
  /** A group of this area takes at most this many households; the next confirmation starts a new group. */
  maxHouseholdsPerGroup: number | null;
  rules: AreaRule[];
  polygon: Polygon | MultiPolygon | null;
}

export type Placement =
  | { kind: 'area'; areaId: string; matchedBy: 'rule' | 'polygon' }
  | { kind: 'none' };

function ruleMatches(rule: AreaRule, address: Address): boolean {
  if (rule.postcode !== null && rule.postcode !== address.postcode) return false;
  if (rule.street !== null && streetKey(rule.street) !== streetKey(address.street)) return false;
  if (rule.numbers !== null) {
    const n = houseNumberOf(address.number);
    if (n === null || n < rule.numbers.from || n > rule.numbers.to) return false;
    if (rule.numbers.parity === 'odd' && n % 2 === 0) return false;
    if (rule.numbers.parity === 'even' && n % 2 === 1) return false;
  }
  return rule.postcode !== null || rule.street !== null;
}

/** How precisely a rule names an address: street + numbers + postcode is the most precise. */
function specificity(rule: AreaRule): number {
  return (rule.street !== null ? 4 : 0) + (rule.numbers !== null ? 2 : 0) + (rule.postcode !== null ? 1 : 0);
}

function rangeWidth(rule: AreaRule): number {
  if (!rule.numbers) return Number.POSITIVE_INFINITY;
  const width = rule.numbers.to - rule.numbers.from + 1;
  return rule.numbers.parity === 'all' ? width : width / 2;
}

/**
 * Places an address in an area. Order, and the tie-break when several areas match:
 *  1. Rules first. Among matching rules the most specific wins (street > number range > postcode), then the
 *     narrowest number range, then the area listed first in areas.yaml.
 *  2. Only when no rule matches and coordinates are given: point-in-polygon. A point on a shared edge matches both
 *     areas; the area listed first in areas.yaml wins.
 *  3. Nothing matches: `none` (the registration goes to the coordinator's triage list).
 */
export function placeAddress(areas: readonly Area[], address: Address, coordinates: Coordinates | null = null): Placement {
  let best: { areaIndex: number; specificity: number; width: number } | null = null;
  areas.forEach((area, areaIndex) => {
    for (const rule of area.rules) {
      if (!ruleMatches(rule, address)) continue;
      const candidate = { areaIndex, specificity: specificity(rule), width: rangeWidth(rule) };
      if (
        best === null ||
        candidate.specificity > best.specificity ||
        (candidate.specificity === best.specificity && candidate.width < best.width)
      ) {
        best = candidate;
      }
    }
  });
  const winner = best as { areaIndex: number } | null;
  const ruleArea = winner === null ? undefined : areas[winner.areaIndex];
  if (ruleArea) return { kind: 'area', areaId: ruleArea.id, matchedBy: 'rule' };

  if (coordinates) {
    const point: [number, number] = [coordinates.lon, coordinates.lat];
    const hit = areas.find((area) => area.polygon !== null && booleanPointInPolygon(point, area.polygon));
    if (hit) return { kind: 'area', areaId: hit.id, matchedBy: 'polygon' };
  }
  return { kind: 'none' };
}
