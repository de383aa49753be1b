import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_SESSION_SECRET, loadWebConfig } from './config';

const base = { PORT: '3000', WEB_SESSION_SECRET: 'a-real-random-secret-of-more-than-32-bytes' };

describe('the web\'s session settings', () => {
  it('needs WEB_SESSION_SECRET of at least 32 bytes', () => {
    expect(() => loadWebConfig({ PORT: '3000' })).toThrow(/WEB_SESSION_SECRET is required/);
    expect(() => loadWebConfig({ ...base, WEB_SESSION_SECRET: 'x'.repeat(31) })).toThrow(/WEB_SESSION_SECRET is invalid: must be at least 32 bytes/);
    expect(loadWebConfig(base).WEB_SESSION_IDLE_MINUTES).toBe(30);
  });

  it('refuses the .env.example value anywhere but on a developer\'s machine (loopback, plain http)', () => {
    expect(readFileSync(join(__dirname, '../../../.env.example'), 'utf8')).toContain(`WEB_SESSION_SECRET=${EXAMPLE_SESSION_SECRET}\n`);
    const example = { ...base, WEB_SESSION_SECRET: EXAMPLE_SESSION_SECRET };
    expect(() => loadWebConfig(example)).not.toThrow();
    expect(() => loadWebConfig({ ...example, COOKIE_SECURE: 'true' })).toThrow(/example value/);
    expect(() => loadWebConfig({ ...example, WEB_PUBLIC_URL: 'https://trygg.ale.se' })).toThrow(/example value/);
  });
});
