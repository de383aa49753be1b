import { redactTokens } from '@trygg/observability';
import { WalkerMobileCapabilities } from './walker-mobile-capability';

const SECRET = 'a-test-session-secret-of-32-or-more-bytes';
const PERSON = '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22';
const NOW = Date.parse('2026-12-02T10:00:00Z');
const HOUR = 3_600_000;

describe('the walker\'s "Bekräfta ditt mobilnummer" capability', () => {
  const capabilities = new WalkerMobileCapabilities(SECRET);

  it('opens for the municipality it was issued for, with the personId, for 24 hours', () => {
    const cap = capabilities.issue('ale', PERSON, NOW);
    expect(cap).toMatch(/^[A-Za-z0-9_-]{71}$/);
    expect(capabilities.check('ale', cap, NOW)).toEqual({ ok: true, personId: PERSON });
    expect(capabilities.check('ale', cap, NOW + 24 * HOUR - 1000)).toEqual({ ok: true, personId: PERSON });
    // Another instance of the web with the same secret agrees.
    expect(new WalkerMobileCapabilities(SECRET).check('ale', cap, NOW + HOUR)).toEqual({ ok: true, personId: PERSON });
  });

  it('refuses it once expired', () => {
    const cap = capabilities.issue('ale', PERSON, NOW);
    expect(capabilities.check('ale', cap, NOW + 24 * HOUR)).toEqual({ ok: false, reason: 'expired' });
    expect(capabilities.check('ale', cap, NOW + 30 * 24 * HOUR)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses it on another municipality\'s page', () => {
    const cap = capabilities.issue('ale', PERSON, NOW);
    expect(capabilities.check('lilla-edet', cap, NOW)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses any changed character (person, expiry, signature), another secret, and what is not a capability', () => {
    const cap = capabilities.issue('ale', PERSON, NOW);
    for (let i = 0; i < cap.length; i++) {
      const changed = cap.slice(0, i) + (cap[i] === 'A' ? 'B' : 'A') + cap.slice(i + 1);
      expect([i, capabilities.check('ale', changed, NOW).ok]).toEqual([i, false]);
    }
    // A later expiry signed with nothing: the expiry bytes are covered by the signature.
    const bytes = Buffer.from(cap, 'base64url');
    bytes.writeUInt32BE(bytes.readUInt32BE(17) + 3600 * 24 * 365, 17);
    expect(capabilities.check('ale', bytes.toString('base64url'), NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(new WalkerMobileCapabilities(`${SECRET}-other`).check('ale', cap, NOW)).toEqual({ ok: false, reason: 'invalid' });
    for (const junk of ['', 'x', 'A'.repeat(71), `${cap}A`, cap.slice(1), `${cap.slice(0, 70)}.`]) expect(capabilities.check('ale', junk, NOW).ok).toBe(false);
  });

  it('is dropped from logged URLs (libs/observability redacts long base64url segments)', () => {
    const cap = capabilities.issue('ale', PERSON, NOW);
    expect(redactTokens(`/ale/trygghetsvandring/mobil/${cap}`)).toBe('/ale/trygghetsvandring/mobil/[token]');
    expect(redactTokens(`/ale/trygghetsvandring/mobil/${cap}/kod?lang=en`)).toBe('/ale/trygghetsvandring/mobil/[token]/kod');
  });

  it('needs a secret of 32 bytes and a personId that is a UUID', () => {
    expect(() => new WalkerMobileCapabilities('short')).toThrow(/32 bytes/);
    expect(() => capabilities.issue('ale', 'not-a-uuid', NOW)).toThrow(/UUID/);
  });
});
