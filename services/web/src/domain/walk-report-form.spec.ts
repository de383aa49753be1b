import { validateWalkReportForm } from './walk-report-form';

describe('the after-walk report form', () => {
  it('reads counts (empty = 0), incidents, filled place rows and the follow-up', () => {
    const result = validateWalkReportForm({
      children: '', youth: '12', adults: ' 5 ', elderly: '0', incidents: '1', incidentsDescription: 'Bråk vid kiosken',
      place1: 'Gångtunneln', point1: '', category1: 'lighting', placeDescription1: 'Mörkt',
      place2: '', point2: '58,1323, 12,1301', category2: 'vegetation', placeDescription2: '',
      place3: '', point3: '', category3: '', placeDescription3: '',
      followUp: '',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        peopleMet: { children: 0, youth: 12, adults: 5, elderly: 0 },
        incidents: { count: 1, description: 'Bråk vid kiosken' },
        unsafePlaces: [
          { place: 'Gångtunneln', category: 'lighting', description: 'Mörkt' },
          { point: { lat: 58.1323, lng: 12.1301 }, category: 'vegetation' },
        ],
      },
    });
  });

  it('names each bad field and keeps what was typed', () => {
    const result = validateWalkReportForm({ youth: 'tolv', adults: '-1', incidents: '99999', place1: 'Tunneln', point2: 'norr om skolan', placeDescription3: 'bara text', followUp: 'x'.repeat(2001) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'youth', key: 'walks.report.errors.count' },
      { field: 'adults', key: 'walks.report.errors.count' },
      { field: 'incidents', key: 'walks.report.errors.count' },
      { field: 'category1', key: 'walks.report.errors.category' },
      { field: 'point2', key: 'walks.report.errors.point' },
      { field: 'category2', key: 'walks.report.errors.category' },
      { field: 'place3', key: 'walks.report.errors.placeMissing' },
      { field: 'category3', key: 'walks.report.errors.category' },
      { field: 'followUp', key: 'walks.report.errors.tooLong' },
    ]);
    expect(result.values['place1']).toBe('Tunneln');
  });

  it('ignores what is not a single string (a field posted twice is no answer)', () => {
    expect(validateWalkReportForm({ youth: ['1', '2'], category1: ['lighting'] })).toMatchObject({ ok: true, value: { peopleMet: { youth: 0 }, unsafePlaces: [] } });
  });
});
