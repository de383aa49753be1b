import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { en } from '../i18n/en';
import { sv } from '../i18n/sv';
import { Views } from './views';

describe('the person filter of the pages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'views-'));
  writeFileSync(join(dir, 'name.njk'), '{{ name | person }}');
  const views = new Views(dir);
  const tOf = (texts: Record<string, string>) => (key: string) => texts[key] ?? key;

  it('shows a protected person ("Skyddad person" from the services) in the page’s language, other names as they are', () => {
    expect(views.render('name.njk', { name: 'Skyddad person', t: tOf(en) })).toBe('Protected person');
    expect(views.render('name.njk', { name: 'Skyddad person', t: tOf(sv) })).toBe('Skyddad person');
    expect(views.render('name.njk', { name: 'Anna Andersson', t: tOf(en) })).toBe('Anna Andersson');
  });
});
