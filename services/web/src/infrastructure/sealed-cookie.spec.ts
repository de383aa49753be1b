import { asStaffSession, SealedValues } from './sealed-cookie';

const secret = 'a-test-secret-of-at-least-32-bytes-0123456789';
const session = { accessToken: 'at', idToken: 'it', organisation: 'ale', expiresAt: 2, name: 'Sara', roles: ['coordinator'], municipalityId: 'ale', createdAt: 1, lastSeenAt: 1 };

describe('sealed cookie values (AES-256-GCM)', () => {
  const sealed = new SealedValues(secret);

  it('opens what it sealed, and nothing in the cookie is readable', () => {
    const value = sealed.seal('session', session);
    expect(sealed.open('session', value)).toEqual(session);
    expect(value).not.toContain('Sara');
    expect(Buffer.from(value.split('.')[2]!, 'base64url').toString('latin1')).not.toContain('coordinator');
    expect(sealed.seal('session', session)).not.toBe(value); // a fresh IV every time
  });

  it('a tampered value opens as nothing: one changed character anywhere, truncated, or extended', () => {
    const value = sealed.seal('session', session);
    for (let i = 3; i < value.length; i += 7) {
      if (value[i] === '.') continue;
      const changed = value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
      expect(sealed.open('session', changed)).toBeUndefined();
    }
    expect(sealed.open('session', value.slice(0, -2))).toBeUndefined();
    expect(sealed.open('session', `${value}AA`)).toBeUndefined();
    expect(sealed.open('session', 'garbage')).toBeUndefined();
    expect(sealed.open('session', undefined)).toBeUndefined();
  });

  it('opens nothing sealed with another secret or for another purpose', () => {
    const value = sealed.seal('sign-in', { state: 's' });
    expect(new SealedValues(`${secret}-other`).open('sign-in', value)).toBeUndefined();
    expect(sealed.open('session', value)).toBeUndefined();
  });

  it('refuses a secret shorter than 32 bytes', () => {
    expect(() => new SealedValues('short')).toThrow(/at least 32 bytes/);
  });

  it('reads a session only in its own shape', () => {
    expect(asStaffSession(session)).toEqual(session);
    expect(asStaffSession({ ...session, roles: ['superuser'] })).toBeUndefined();
    expect(asStaffSession({ ...session, expiresAt: 'soon' })).toBeUndefined();
    expect(asStaffSession('x')).toBeUndefined();
  });
});
