import type { Polygon } from 'geojson';
import { tidyAddress } from './address';
import { type Area, type AreaRule, placeAddress } from './area';

const rule = (r: Partial<AreaRule>): AreaRule => ({ postcode: null, street: null, numbers: null, ...r });
const area = (id: string, rules: AreaRule[], polygon: Polygon | null = null): Area => ({
  id,
  name: id,
  householdCount: null,
  policeAreaId: 'lpo',
  maxHouseholdsPerGroup: null,
  rules,
  polygon,
});
const square = (minLon: number, minLat: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[minLon, minLat], [minLon + size, minLat], [minLon + size, minLat + size], [minLon, minLat + size], [minLon, minLat]]],
});
const at = (street: string, number: string, postcode = '449 30') => tidyAddress({ street, number, postcode });

describe('placing an address in an area', () => {
  const areas = [
    area('storgatan-udda', [rule({ street: 'Storgatan', numbers: { from: 1, to: 39, parity: 'odd' } })]),
    area('storgatan-jamna', [rule({ street: 'Storgatan', numbers: { from: 2, to: 40, parity: 'even' } })]),
    area('hela-postnumret', [rule({ postcode: '449 30' })]),
  ];

  it('places odd and even numbers of one street on their own sides', () => {
    expect(placeAddress(areas, at('Storgatan', '13'))).toEqual({ kind: 'area', areaId: 'storgatan-udda', matchedBy: 'rule' });
    expect(placeAddress(areas, at('storgatan', '14B'))).toEqual({ kind: 'area', areaId: 'storgatan-jamna', matchedBy: 'rule' });
  });

  it('prefers a street rule to a postcode-only rule even when the postcode area is listed first', () => {
    const reordered = [areas[2]!, areas[0]!];
    expect(placeAddress(reordered, at('Storgatan', '13'))).toMatchObject({ areaId: 'storgatan-udda' });
  });

  it('falls back to the postcode rule for a street no rule names', () => {
    expect(placeAddress(areas, at('Lillgatan', '1'))).toMatchObject({ areaId: 'hela-postnumret' });
  });

  it('takes the narrower number range when two street rules match', () => {
    const overlapping = [
      area('wide', [rule({ street: 'Åvägen', numbers: { from: 1, to: 100, parity: 'all' } })]),
      area('narrow', [rule({ street: 'Åvägen', numbers: { from: 10, to: 20, parity: 'all' } })]),
    ];
    expect(placeAddress(overlapping, at('Åvägen', '15'))).toMatchObject({ areaId: 'narrow' });
    expect(placeAddress(overlapping, at('Åvägen', '50'))).toMatchObject({ areaId: 'wide' });
  });

  it('takes the area listed first when two rules are equally precise', () => {
    const twins = [area('first', [rule({ street: 'Kyrkvägen' })]), area('second', [rule({ street: 'Kyrkvägen' })])];
    expect(placeAddress(twins, at('Kyrkvägen', '1'))).toMatchObject({ areaId: 'first' });
  });

  it('uses the polygon only when no rule matches and coordinates are given', () => {
    const withPolygon = [area('rules', [rule({ street: 'Storgatan' })]), area('map', [], square(12.0, 58.0, 0.1))];
    expect(placeAddress(withPolygon, at('Storgatan', '1'), { lon: 12.05, lat: 58.05 })).toMatchObject({ areaId: 'rules', matchedBy: 'rule' });
    expect(placeAddress(withPolygon, at('Okändvägen', '1'), { lon: 12.05, lat: 58.05 })).toEqual({ kind: 'area', areaId: 'map', matchedBy: 'polygon' });
    expect(placeAddress(withPolygon, at('Okändvägen', '1'))).toEqual({ kind: 'none' });
  });

  it('gives a point on the shared edge of two polygons to the area listed first', () => {
    const neighbours = [area('west', [], square(12.0, 58.0, 0.1)), area('east', [], square(12.1, 58.0, 0.1))];
    expect(placeAddress(neighbours, at('X', '1'), { lon: 12.1, lat: 58.05 })).toMatchObject({ areaId: 'west' });
    expect(placeAddress([...neighbours].reverse(), at('X', '1'), { lon: 12.1, lat: 58.05 })).toMatchObject({ areaId: 'east' });
  });

  it('sends an address that matches nothing to triage', () => {
    expect(placeAddress(areas, at('Storgatan', '13', '461 30'))).toMatchObject({ areaId: 'storgatan-udda' });
    expect(placeAddress(areas, at('Fjärran', '1', '999 99'))).toEqual({ kind: 'none' });
    expect(placeAddress([], at('Storgatan', '1'))).toEqual({ kind: 'none' });
  });

  it('does not match a number outside the range', () => {
    expect(placeAddress(areas, at('Storgatan', '41', '999 99'))).toEqual({ kind: 'none' });
  });
});
