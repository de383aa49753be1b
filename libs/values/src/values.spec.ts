import { hashLinkToken, linkTokenState, looksLikeLinkToken, mobileCountry, mobileCountryAllowed, mobileNumberInput, nameBasedUuid, nameBasedUuidSha256, normaliseMobile, redactContactDetails, sha256Hex } from './index';

describe('normaliseMobile', () => {
  it.each([
    ['070-123 45 67', '+46701234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['0046701234567', '+46701234567'],
    ['  0701234567 ', '+46701234567'],
  ])('accepts the Swedish mobile %j as %j', (input, expected) => expect(normaliseMobile(input)).toBe(expected));

  it.each(['031-123 45 67', '08-123 456 78'])('refuses the Swedish landline %j', (input) => expect(normaliseMobile(input)).toBeNull());

  it('accepts a foreign mobile written with its country code, in E.164', () => {
    expect(normaliseMobile('+45 20 12 34 56')).toBe('+4520123456');
    expect(normaliseMobile('+44 7400 123456')).toBe('+447400123456');
  });

  it.each(['0701', 'ring mig', ''])('refuses %j', (input) => expect(normaliseMobile(input)).toBeNull());
});

describe('mobileNumberInput', () => {
  const schema = mobileNumberInput();
  it('turns empty into null and a mobile into E.164', () => {
    expect(schema.parse('')).toBeNull();
    expect(schema.parse(undefined)).toBeNull();
    expect(schema.parse('070-123 45 67')).toBe('+46701234567');
  });
  it('refuses a landline with the invalid message', () => {
    const result = schema.safeParse('031-123 45 67');
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual(['invalid_mobile']);
  });
  it('applies a further rule of the service', () => {
    const swedish = mobileNumberInput({ invalid: 'swedish only', accept: (n) => n.startsWith('+46') });
    expect(swedish.safeParse('+45 20 12 34 56').success).toBe(false);
    expect(swedish.parse('0701234567')).toBe('+46701234567');
  });
});

describe('mobileCountryAllowed', () => {
  it('tells the country of a number from libphonenumber', () => {
    expect(mobileCountry('+46701234567')).toBe('SE');
    expect(mobileCountry('+4520123456')).toBe('DK');
    expect(mobileCountryAllowed('+46701234567', ['SE'])).toBe(true);
    expect(mobileCountryAllowed('+447400123456', ['SE'])).toBe(false);
    expect(mobileCountryAllowed('+447400123456', ['SE', 'GB'])).toBe(true);
  });
});

describe('nameBasedUuid', () => {
  const ns = '4f1c2a9e-8b3d-4c5f-a6e7-d8c9b0a1f2e3';
  it('is deterministic', () => expect(nameBasedUuid(ns, 'r1')).toBe(nameBasedUuid(ns, 'r1')));
  it('sets the version (5) and the RFC variant bits', () => {
    const id = nameBasedUuid(ns, 'r1', 2);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('differs between namespaces and names', () => {
    expect(nameBasedUuid(ns, 'r1')).not.toBe(nameBasedUuid('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'r1'));
    expect(nameBasedUuid(ns, 'r1')).not.toBe(nameBasedUuid(ns, 'r2'));
  });
  it('is RFC 9562 version 5 (the RFC example: www.example.com in the DNS namespace)', () => {
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('refuses a namespace that is not a UUID', () => expect(() => nameBasedUuid('onboarding', 'x')).toThrow());
});

describe('nameBasedUuidSha256', () => {
  it('keeps the ids made before (onboarding instances, step work)', () => {
    const h = sha256Hex('police-case:i1:s1:1');
    const old = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    expect(nameBasedUuidSha256('police-case', 'i1', 's1', 1)).toBe(old);
    expect(old).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('differs between namespaces', () => expect(nameBasedUuidSha256('a', 'x')).not.toBe(nameBasedUuidSha256('b', 'x')));
});

describe('sha256Hex', () => {
  it('is the hex SHA-256 of the UTF-8 text', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('redactContactDetails', () => {
  it.each([
    ['550 5.1.1 <anna.andersson@example.se>: Recipient address rejected', '550 5.1.1 <[email]>: Recipient address rejected'],
    ['mailbox anna+x@sub.example.co.uk is full', 'mailbox [email] is full'],
    ['SMS to +46 70 123 45 67 refused', 'SMS to [number] refused'],
    ['number 070-123 45 67 unknown', 'number [number] unknown'],
    ['+46701234567 and 0046701234567', '[number] and [number]'],
    ['421 4.7.0 try again later (attempt 3)', '421 4.7.0 try again later (attempt 3)'],
    ['connect ECONNREFUSED 127.0.0.1:1025', 'connect ECONNREFUSED 127.0.0.1:1025'],
  ])('%s → %s', (text, redacted) => {
    expect(redactContactDetails(text)).toBe(redacted);
  });
});

describe('link tokens (the links in emails)', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  it('knows the shape of 32 random bytes in base64url and stores only their SHA-256', () => {
    const token = 'A'.repeat(43);
    expect(looksLikeLinkToken(token)).toBe(true);
    expect(looksLikeLinkToken('A'.repeat(42))).toBe(false);
    expect(looksLikeLinkToken(`${'A'.repeat(42)}=`)).toBe(false);
    expect(hashLinkToken(token)).toBe(sha256Hex(token));
  });
  it('is used once, and stops working at its expiry', () => {
    expect(linkTokenState({ usedAt: null, expiresAt: new Date(now.getTime() + 1) }, now)).toBe('ok');
    expect(linkTokenState({ usedAt: null, expiresAt: now }, now)).toBe('token_expired');
    expect(linkTokenState({ usedAt: now, expiresAt: new Date(now.getTime() + 1) }, now)).toBe('token_used');
  });
});
