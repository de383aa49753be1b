import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMunicipalities, type Municipality, MunicipalityDataError } from '@trygg/municipalities';
import { tidyAddress } from '../domain/address';
import { placeAddress } from '../domain/area';
import { loadEnrolmentData } from './municipality-data';

const municipality: Municipality = {
  id: 'exempelby',
  name: 'Exempelby kommun',
  timezone: 'Europe/Stockholm',
  languages: ['sv'],
  policeAreas: [{ id: 'lpo-exempel', name: 'Lokalpolisområde Exempel' }],
  quietHours: { start: '21:00', end: '08:00' },
  branding: { primaryColor: '#123456' },
  contact: { email: 'trygghet@exempelby.example' },
  sms: { countries: ['SE'] },
  police: { approvalTargetDays: 14 },
};

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'enr-areas-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, 'exempelby', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'exempelby', path), content);
  }
  return dir;
}

const square = (coordinates: number[][]) => JSON.stringify({ type: 'Polygon', coordinates: [coordinates] });
const lonLat = [[12.0, 58.0], [12.1, 58.0], [12.1, 58.1], [12.0, 58.1], [12.0, 58.0]];

function problemsOf(files: Record<string, string>): string[] {
  try {
    loadEnrolmentData(folderWith(files), new Map([['exempelby', municipality]]));
    return [];
  } catch (error) {
    if (error instanceof MunicipalityDataError) return error.problems;
    throw error;
  }
}

describe('areas and retention as data', () => {
  it('loads the shipped municipalities, and their example addresses land in their areas', () => {
    const data = loadEnrolmentData(join(__dirname, '../../../../municipalities'), loadMunicipalities());
    expect(data.get('ale')!.areas.map((a) => a.id)).toEqual(['nodinge-centrum', 'nodinge-norra', 'alvangen-kyrkbyn']);
    const ale = data.get('ale')!.areas;
    expect(placeAddress(ale, tidyAddress({ street: 'Göta älvs väg', number: '3', postcode: '44930' }))).toMatchObject({ areaId: 'nodinge-centrum' });
    expect(placeAddress(ale, tidyAddress({ street: 'Göta älvs väg', number: '4', postcode: '44930' }))).toMatchObject({ areaId: 'nodinge-norra' });
    expect(placeAddress(ale, tidyAddress({ street: 'Okänd väg', number: '1', postcode: '44631' }), { lon: 12.12, lat: 57.96 })).toMatchObject({ areaId: 'alvangen-kyrkbyn', matchedBy: 'polygon' });
    expect(data.get('lilla-edet')!.retention).toMatchObject({ mode: 'keep-days', keepDays: 30 });
    expect(data.get('trollhattan')!.areas.find((a) => a.id === 'lextorp')!.polygon?.type).toBe('Polygon');
    expect(data.get('trollhattan')!.activityCheck).toEqual({ intervalDays: 365, reminderAfterDays: 14, reminders: 2 });
  });

  it('reads an area with rules and a polygon, defaulting the police area to the municipality’s first', () => {
    const dir = folderWith({
      'areas.yaml': 'areas:\n  - id: centrum\n    name: Centrum\n    polygon: areas/centrum.geojson\n    rules:\n      - street: Storgatan\n        postcode: 12345\n        numbers: { from: 1, to: 9, parity: odd }\n',
      'areas/centrum.geojson': square(lonLat),
    });
    const [area] = loadEnrolmentData(dir, new Map([['exempelby', municipality]])).get('exempelby')!.areas;
    expect(area).toMatchObject({ id: 'centrum', policeAreaId: 'lpo-exempel', householdCount: null, rules: [{ street: 'Storgatan', postcode: '123 45', numbers: { from: 1, to: 9, parity: 'odd' } }] });
  });

  it('catches a polygon written as lat/lon instead of GeoJSON’s lon/lat', () => {
    const swapped = lonLat.map(([lon, lat]) => [lat!, lon!]);
    const problems = problemsOf({ 'areas.yaml': 'areas:\n  - id: centrum\n    name: Centrum\n    polygon: areas/centrum.geojson\n', 'areas/centrum.geojson': square(swapped) });
    expect(problems).toEqual([expect.stringMatching(/areas\/centrum\.geojson: coordinates\[0\] \[58, 12\]: looks like \[latitude, longitude\]/)]);
  });

  it('names the file, the path and the reason of every problem', () => {
    const problems = problemsOf({
      'areas.yaml': [
        'areas:',
        '  - id: a',
        '    name: A',
        '    rules: [{ numbers: { from: 9, to: 1 } }]',
        '  - id: b',
        '    name: B',
        '    policeAreaId: lpo-elsewhere',
        '    rules: [{ street: X, postcode: "12" }]',
        '  - id: c',
        '    name: C',
        '    polygon: areas/missing.geojson',
        '  - id: d',
        '    name: D',
        '    polygon: areas/paris.geojson',
      ].join('\n'),
      'areas/paris.geojson': square([[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]),
      'retention.yaml': 'residentErasure: { mode: keep-days, text: { sv: Text } }',
      'activity-check.yaml': 'intervalDays: 7\nreminderAfterDays: 14\nreminders: 2\n',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/areas\.yaml: areas\.0\.rules\.0\.numbers: from must not be greater than to/),
        expect.stringMatching(/areas\.yaml: areas\.0\.rules\.0: a rule needs a street or a postcode/),
        expect.stringMatching(/areas\.yaml: areas\.1\.rules\.0\.postcode: must be a postcode NNN NN/),
        expect.stringMatching(/retention\.yaml: residentErasure: keep-days needs keepDays > 0/),
        expect.stringMatching(/activity-check\.yaml: intervalDays: /),
      ]),
    );
    const second = problemsOf({
      'areas.yaml': 'areas:\n  - { id: b, name: B, policeAreaId: lpo-elsewhere, rules: [{ street: X }] }\n  - { id: b, name: B2, polygon: areas/missing.geojson }\n  - { id: d, name: D, polygon: areas/paris.geojson }\n',
      'areas/paris.geojson': square([[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]),
    });
    expect(second).toEqual([
      expect.stringMatching(/areas\.0\.policeAreaId: "lpo-elsewhere" is not a police area of municipality\.yaml/),
      expect.stringMatching(/areas\.1\.id: "b" is used twice/),
      expect.stringMatching(/areas\.1\.polygon: areas\/missing\.geojson not found/),
      expect.stringMatching(/paris\.geojson: coordinates\[0\] \[2\.3, 48\.8\]: outside Sweden/),
    ]);
  });

  it('lets a municipality without areas.yaml or retention.yaml start, with everything in triage and erasure at once', () => {
    const data = loadEnrolmentData(folderWith({ 'municipality.yaml': '' }), new Map([['exempelby', municipality]])).get('exempelby')!;
    expect(data.areas).toEqual([]);
    expect(data.retention).toMatchObject({ mode: 'anonymise-now', keepDays: 0 });
  });
});
