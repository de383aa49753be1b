import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brandStylesheet, loadBrandedMunicipalities } from './branded-municipalities';

function folderWith(colour: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'web-municipalities-'));
  mkdirSync(join(dir, 'pale'));
  writeFileSync(
    join(dir, 'pale', 'municipality.yaml'),
    ['id: pale', 'name: Bleka kommun', 'languages: [sv]', 'policeAreas: [{ id: lpo-pale, name: LPO }]', 'quietHours: { start: "21:00", end: "08:00" }', `branding: { primaryColor: "${colour}" }`, 'contact: { email: a@pale.example }'].join('\n'),
  );
  return dir;
}

describe('municipality branding', () => {
  it('passes the shipped municipalities (white text on each brand colour reaches WCAG AA)', () => {
    const all = loadBrandedMunicipalities();
    expect([...all.keys()].sort()).toEqual(expect.arrayContaining(['ale', 'lilla-edet', 'trollhattan']));
  });

  it('refuses a brand colour too light for white text, naming the file, the path and the ratio', () => {
    expect(() => loadBrandedMunicipalities(folderWith('#7fb3ff'))).toThrow(/pale[/\\]municipality\.yaml: branding\.primaryColor: #7fb3ff gives white text a contrast of 2\.\d\d:1; WCAG AA needs 4\.5:1/);
  });

  it('serves the colour as CSS custom properties', () => {
    const css = brandStylesheet(loadBrandedMunicipalities(folderWith('#00594f')).get('pale')!);
    expect(css).toContain('--app-brand-colour: #00594f;');
    expect(css).toContain('--govuk-brand-colour: #00594f;');
  });
});
