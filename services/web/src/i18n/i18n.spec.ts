import { en } from './en';
import { translator } from './index';
import { sv } from './sv';

describe('message catalogues', () => {
  it('have the same keys in Swedish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(sv) as Array<keyof typeof sv>) expect([key, placeholders(en[key])]).toEqual([key, placeholders(sv[key])]);
  });

  it('fill placeholders and leave unknown keys visible', () => {
    const t = translator('sv');
    expect(t('intro.title', { municipality: 'Ale kommun' })).toBe('Grannsamverkan i Ale kommun');
    expect(translator('en')('intro.title', { municipality: 'Ale kommun' })).toBe('Neighbourhood watch in Ale kommun');
    expect(t('no.such.key')).toBe('no.such.key');
  });
});
