import { parseCookies, serializeCookie } from './cookies';
import { CsrfTokens } from './csrf';

describe('CSRF tokens', () => {
  const tokens = new CsrfTokens('a'.repeat(32));

  it('accept the signature of the cookie they came with, and nothing else', () => {
    const id = tokens.newId();
    expect(tokens.verify(id, tokens.tokenFor(id))).toBe(true);
    expect(tokens.verify(id, tokens.tokenFor(tokens.newId()))).toBe(false);
    expect(tokens.verify(undefined, tokens.tokenFor(id))).toBe(false);
    expect(tokens.verify(id, [tokens.tokenFor(id)])).toBe(false);
    expect(tokens.verify(id, '')).toBe(false);
  });

  it('differ between secrets', () => {
    const id = tokens.newId();
    expect(new CsrfTokens('b'.repeat(32)).verify(id, tokens.tokenFor(id))).toBe(false);
  });
});

describe('cookies', () => {
  it('parse the first value of each name and skip broken pairs', () => {
    expect(parseCookies('a=1; b=%E2%9C%93; a=2; broken; c=%E0%A4%A')).toEqual({ a: '1', b: '✓' });
    expect(parseCookies(undefined)).toEqual({});
  });

  it('are written HttpOnly and SameSite=Lax, Secure when asked', () => {
    expect(serializeCookie('x', 'y z', { secure: true, maxAgeSeconds: 60 })).toBe('x=y%20z; Path=/; SameSite=Lax; HttpOnly; Secure; Max-Age=60');
  });
});
