import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MunicipalityDataError } from './municipality';
import { loadVolunteerOrganisations } from './volunteers';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'volunteers-yaml-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('volunteers.yaml (walker organisations and their composition rules)', () => {
  it('loads the shipped municipalities\' organisations with the defaults filled in', () => {
    const all = loadVolunteerOrganisations();
    expect([...all.keys()]).toEqual(expect.arrayContaining(['ale', 'lilla-edet', 'trollhattan']));
    const ale = all.get('ale')!;
    expect(ale.organisations.map((o) => o.minimumAge)).toEqual([18, 18, 25]);
    expect(ale.organisations[0]!.trainedWalkersRequired).toBe(1);
    expect(ale.organisations.find((o) => o.id === 'nattvandrarna-ale')?.youth).toEqual({ minimumAge: 15, minimumAdults: 2 });
    expect(all.get('lilla-edet')!.organisations.every((o) => o.youth === undefined)).toBe(true);
  });

  it('walks.cancelUnstaffedHoursBefore: 12 by default, a municipality\'s own value, refused outside 0–47', () => {
    const org = 'defaultOrganisation: x\norganisations: [{ id: x, name: X, minimumAge: 18 }]';
    const dir = folderWith({ 'a/volunteers.yaml': org, 'b/volunteers.yaml': `${org}\nwalks: { cancelUnstaffedHoursBefore: 6 }` });
    const all = loadVolunteerOrganisations(dir);
    expect(all.get('a')!.walks.cancelUnstaffedHoursBefore).toBe(12);
    expect(all.get('b')!.walks.cancelUnstaffedHoursBefore).toBe(6);
    const bad = folderWith({ 'a/volunteers.yaml': `${org}\nwalks: { cancelUnstaffedHoursBefore: 48 }` });
    expect(() => loadVolunteerOrganisations(bad)).toThrow(/a\/volunteers\.yaml: walks\.cancelUnstaffedHoursBefore/);
  });

  it('a municipality without the file has no walker organisations', () => {
    const dir = folderWith({ 'exempelby/municipality.yaml': 'id: exempelby' });
    expect(loadVolunteerOrganisations(dir).size).toBe(0);
  });

  it('defaults to 3 walkers and refuses fewer than 2, naming the file and the path', () => {
    const ok = folderWith({ 'a/volunteers.yaml': 'defaultOrganisation: x\norganisations: [{ id: x, name: X, minimumAge: 18 }]' });
    expect(loadVolunteerOrganisations(ok).get('a')!.organisations[0]!.minimumWalkers).toBe(3);
    const bad = folderWith({ 'a/volunteers.yaml': 'defaultOrganisation: x\norganisations: [{ id: x, name: X, minimumAge: 18, minimumWalkers: 1 }]' });
    expect(() => loadVolunteerOrganisations(bad)).toThrow(/a\/volunteers\.yaml: organisations\.0\.minimumWalkers: a walk needs at least 2 walkers/);
  });

  it('refuses an adult age under 18, a youth age not below it, an unknown default and duplicate ids', () => {
    const dir = folderWith({
      'a/volunteers.yaml': 'defaultOrganisation: y\norganisations: [{ id: x, name: X, minimumAge: 16 }]',
      'b/volunteers.yaml': 'defaultOrganisation: x\norganisations: [{ id: x, name: X, minimumAge: 18, youth: { minimumAge: 17 } }, { id: x, name: X2, minimumAge: 18, youth: { minimumAge: 18 } }]',
    });
    try {
      loadVolunteerOrganisations(dir);
      throw new Error('expected a MunicipalityDataError');
    } catch (error) {
      expect(error).toBeInstanceOf(MunicipalityDataError);
      const problems = (error as MunicipalityDataError).problems.join('\n');
      expect(problems).toMatch(/a\/volunteers\.yaml: organisations\.0\.minimumAge/);
      expect(problems).toMatch(/a\/volunteers\.yaml: defaultOrganisation: must be one of the organisations/);
      expect(problems).toMatch(/b\/volunteers\.yaml: organisations\.1\.youth\.minimumAge/);
      expect(problems).toMatch(/b\/volunteers\.yaml: organisations\.1\.id: duplicate organisation id "x"/);
    }
  });
});
