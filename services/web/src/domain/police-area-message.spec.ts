import { acknowledgementsByArea } from './police-area-message';

const label = (area: string, n: number | null) => (area ? (n ? `Grupp ${n} i ${area}` : `Gruppen i ${area}`) : 'Annan grupp');

describe('the officer\'s acknowledgements per group', () => {
  it('names a group by its area, numbered where the area has several, and one outside the listed areas as such', () => {
    const areas = [
      { name: 'Lödöse', groupIds: ['g-1'] },
      { name: 'Centrum', groupIds: ['g-2', 'g-3'] },
    ];
    expect(acknowledgementsByArea([{ groupId: 'g-1', count: 4 }, { groupId: 'g-3', count: 2 }, { groupId: 'g-9', count: 1 }], areas, label)).toEqual([
      { name: 'Gruppen i Lödöse', count: 4 },
      { name: 'Grupp 2 i Centrum', count: 2 },
      { name: 'Annan grupp', count: 1 },
    ]);
    expect(acknowledgementsByArea([], areas, label)).toEqual([]);
  });
});
