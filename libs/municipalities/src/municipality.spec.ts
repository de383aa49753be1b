import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMunicipalities, MunicipalityDataError } from './municipality';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'municipalities-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const valid = (id: string) => `
id: ${id}
name: Exempelby kommun
languages: [sv]
policeAreas: [{ id: lpo-exempel, name: Lokalpolisområde Exempel }]
quietHours: { start: "21:00", end: "08:00" }
branding: { primaryColor: "#123456" }
contact: { email: trygghet@exempelby.example }
`;

describe('municipality data', () => {
  it('loads the shipped municipalities', () => {
    expect([...loadMunicipalities().keys()]).toEqual(expect.arrayContaining(['ale', 'lilla-edet', 'trollhattan']));
  });

  it('adds a municipality by adding a folder', () => {
    const dir = folderWith({ 'exempelby/municipality.yaml': valid('exempelby') });
    expect(loadMunicipalities(dir).get('exempelby')?.timezone).toBe('Europe/Stockholm');
  });

  it('names the file, the path and the reason of every problem', () => {
    const dir = folderWith({
      'a/municipality.yaml': valid('b'),
      'c/municipality.yaml': valid('c').replace('#123456', 'red').replace('[sv]', '[en]'),
      'd/other.yaml': 'x: 1',
    });
    try {
      loadMunicipalities(dir);
      throw new Error('expected a MunicipalityDataError');
    } catch (error) {
      expect(error).toBeInstanceOf(MunicipalityDataError);
      const problems = (error as MunicipalityDataError).problems.join('\n');
      expect(problems).toMatch(/a\/municipality.yaml: id: "b" must equal the folder name "a"/);
      expect(problems).toMatch(/c\/municipality.yaml: branding.primaryColor: must be #RRGGBB/);
      expect(problems).toMatch(/c\/municipality.yaml: languages: must include sv/);
      expect(problems).toMatch(/d\/municipality.yaml: missing/);
    }
  });
});
