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

  it('takes the police approval target from municipality.yaml, 14 days when it sets none, and refuses a bad one', () => {
    const dir = folderWith({
      'exempelby/municipality.yaml': valid('exempelby'),
      'snabbby/municipality.yaml': valid('snabbby') + 'police: { approvalTargetDays: 7 }\n',
    });
    const loaded = loadMunicipalities(dir);
    expect(loaded.get('exempelby')?.police.approvalTargetDays).toBe(14);
    expect(loaded.get('snabbby')?.police.approvalTargetDays).toBe(7);
    expect(loadMunicipalities().get('lilla-edet')?.police.approvalTargetDays).toBe(14);
    const bad = folderWith({ 'x/municipality.yaml': valid('x') + 'police: { approvalTargetDays: 0 }\n' });
    expect(() => loadMunicipalities(bad)).toThrow(/x\/municipality.yaml: police.approvalTargetDays:/);
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

describe('identity.yaml', () => {
  const identity = (issuer: string) => `
staff:
  issuer: ${issuer}
  clientId: trygg-samverkan
  clientSecretEnv: OIDC_CLIENT_SECRET_EXEMPELBY
  audience: trygg-samverkan-api
  roles: { coordinator: [samordnare] }
  reviewers: { bra-review: [granskare] }
police:
  issuer: \${IDP:-http://127.0.0.1:4890}/polisen
  clientId: trygg-samverkan
  clientSecretEnv: OIDC_CLIENT_SECRET_POLICE
  audience: trygg-samverkan-api
  roles: { police-officer: [kommunpolis] }
  policeAreaClaim: police_area
`;

  it('is loaded with ${VAR:-default} expanded from the environment (default when unset or empty)', () => {
    const dir = folderWith({ 'exempelby/municipality.yaml': valid('exempelby'), 'exempelby/identity.yaml': identity('${IDP:-http://127.0.0.1:4890}/exempelby') });
    const withDefault = loadMunicipalities(dir, { IDP: '' }).get('exempelby')!.identity!;
    expect(withDefault.staff).toMatchObject({ issuer: 'http://127.0.0.1:4890/exempelby', groupsClaim: 'groups', roles: { coordinator: ['samordnare'] }, reviewers: { 'bra-review': ['granskare'] }, permissions: {} });
    expect(withDefault.police).toMatchObject({ issuer: 'http://127.0.0.1:4890/polisen', policeAreaClaim: 'police_area' });
    expect(loadMunicipalities(dir, { IDP: 'https://idp.example' }).get('exempelby')!.identity!.staff.issuer).toBe('https://idp.example/exempelby');
  });

  it('is optional: without it nobody signs in for the municipality', () => {
    const dir = folderWith({ 'exempelby/municipality.yaml': valid('exempelby') });
    expect(loadMunicipalities(dir).get('exempelby')!.identity).toBeUndefined();
  });

  it('the shipped ones map the design\'s groups and police areas', () => {
    const ale = loadMunicipalities(undefined, {}).get('ale')!.identity!;
    expect(ale.staff).toMatchObject({ issuer: 'http://127.0.0.1:4890/ale', clientSecretEnv: 'OIDC_CLIENT_SECRET_ALE', audience: 'trygg-samverkan-api', roles: { coordinator: ['trygg-samordnare'], admin: ['trygg-admin'] } });
    expect(ale.police).toMatchObject({ issuer: 'http://127.0.0.1:4890/polisen', roles: { 'police-officer': ['kommunpolis'] } });
  });

  it('an invalid one stops the start naming the file, the path and the reason', () => {
    const dir = folderWith({
      'exempelby/municipality.yaml': valid('exempelby'),
      'exempelby/identity.yaml': identity('not a url').replace('coordinator: [samordnare]', 'coordinator: [samordnare], king: [x]').replace('clientSecretEnv: OIDC_CLIENT_SECRET_POLICE', 'clientSecretEnv: secret').replace('${IDP:-http://127.0.0.1:4890}', '${IDP}'),
    });
    let problems = '';
    try {
      loadMunicipalities(dir, {});
    } catch (error) {
      expect(error).toBeInstanceOf(MunicipalityDataError);
      problems = (error as MunicipalityDataError).problems.join('\n');
    }
    expect(problems).toMatch(/exempelby\/identity.yaml: police.issuer: \$\{IDP\} is not set and has no default/);
    const fixed = folderWith({ 'exempelby/municipality.yaml': valid('exempelby'), 'exempelby/identity.yaml': identity('not a url').replace('coordinator: [samordnare]', 'coordinator: [samordnare], king: [x]').replace('clientSecretEnv: OIDC_CLIENT_SECRET_POLICE', 'clientSecretEnv: secret') });
    expect(() => loadMunicipalities(fixed, {})).toThrow(MunicipalityDataError);
    try {
      loadMunicipalities(fixed, {});
    } catch (error) {
      const all = (error as MunicipalityDataError).problems.join('\n');
      expect(all).toMatch(/identity.yaml: staff.issuer: /);
      expect(all).toMatch(/identity.yaml: staff.roles: Unrecognized key: "king"/);
      expect(all).toMatch(/identity.yaml: police.clientSecretEnv: must be an environment variable name/);
    }
  });
});
