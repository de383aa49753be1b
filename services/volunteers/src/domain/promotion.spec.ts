import { findingFromPlace, notePromotion, placeOf, promotedFindingId, promotionOf } from './promotion';
import type { Walk } from './walk';

const walk = {
  id: '6f1c1c1e-8f5e-4a43-9b1f-0d6f7d9c1a10',
  reports: [
    {
      reportId: 'r1',
      volunteerId: 'v1',
      reportedAt: '2027-03-06T01:00:00Z',
      peopleMet: { children: 0, youth: 0, adults: 0, elderly: 0 },
      incidents: { count: 0, description: null },
      unsafePlaces: [
        { place: 'Gångtunneln', point: null, category: 'lighting', description: 'Mörkt' },
        { place: null, point: { lat: 57.96, lng: 12.12 }, category: 'other', description: null },
      ],
      followUp: null,
    },
  ],
} as unknown as Walk;

describe('promoting an unsafe place to a finding', () => {
  it('one place has one finding id, a UUID, different for every place', () => {
    const id = promotedFindingId(walk.id, 'r1', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(promotedFindingId(walk.id, 'r1', 0)).toBe(id);
    expect(new Set([id, promotedFindingId(walk.id, 'r1', 1), promotedFindingId(walk.id, 'r2', 0), promotedFindingId('other', 'r1', 0)]).size).toBe(4);
  });

  it('carries the place, its category and text over; the coordinator names the responsible organisation', () => {
    expect(findingFromPlace(placeOf(walk, 'r1', 0)!, { responsibleOrganisation: ' Gatuavdelningen ' })).toEqual({
      place: { kind: 'address', address: 'Gångtunneln' },
      category: 'lighting',
      description: 'Mörkt',
      responsibleOrganisation: 'Gatuavdelningen',
    });
    expect(findingFromPlace(placeOf(walk, 'r1', 0)!, { responsibleOrganisation: 'x', category: 'vandalism', description: 'Klotter' })).toMatchObject({ category: 'vandalism', description: 'Klotter' });
  });

  it('a place reported as "other" needs a category, a place without text a description; a map point stays a point', () => {
    expect(findingFromPlace(placeOf(walk, 'r1', 1)!, { responsibleOrganisation: 'x' })).toEqual([
      { field: 'category', message: expect.any(String) },
      { field: 'description', message: expect.any(String) },
    ]);
    expect(findingFromPlace(placeOf(walk, 'r1', 1)!, { responsibleOrganisation: 'x', category: 'traffic', description: 'Fart' })).toMatchObject({ place: { kind: 'point', lat: 57.96, lon: 12.12 }, category: 'traffic' });
  });

  it('an unknown report or place is none; the promotion is noted once', () => {
    expect(placeOf(walk, 'r1', 2)).toBeNull();
    expect(placeOf(walk, 'r9', 0)).toBeNull();
    const promotion = { reportId: 'r1', index: 0, findingId: 'f', roundId: 'round', promotedAt: '2027-03-07T00:00:00Z', promotedBy: 'idp#c' };
    const noted = notePromotion(walk, promotion) as Walk;
    expect(promotionOf(noted, 'r1', 0)).toEqual(promotion);
    expect(promotionOf(noted, 'r1', 1)).toBeNull();
    expect(notePromotion(noted, { ...promotion, findingId: 'g' })).toBe('unchanged');
  });
});
