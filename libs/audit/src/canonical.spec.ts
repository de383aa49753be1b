import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH, recordHash } from './canonical';
import { verifyTarget } from './verify-command';

describe('canonical JSON', () => {
  it('sorts keys at every depth and leaves out undefined, so key order does not change the text', () => {
    const a = { b: 1, a: { y: [1, 'x', null], x: true }, c: undefined };
    const b = { a: { x: true, y: [1, 'x', null] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":true,"y":[1,"x",null]},"b":1}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('writes a Date as {"$date": ISO} (not the same text as a string holding that date)', () => {
    const at = new Date('2026-12-02T10:00:00.123Z');
    expect(canonicalJson({ at })).toBe('{"at":{"$date":"2026-12-02T10:00:00.123Z"}}');
    expect(canonicalJson({ at })).not.toBe(canonicalJson({ at: at.toISOString() }));
  });

  it('escapes strings as JSON does (quotes, control characters, non-ASCII kept)', () => {
    expect(canonicalJson({ 'k"': 'Åsa\n"citat"' })).toBe('{"k\\"":"Åsa\\n\\"citat\\""}');
  });

  it('refuses what JSON cannot say exactly', () => {
    for (const bad of [NaN, Infinity, BigInt(1), () => 1, new Date('nope'), new Map(), Symbol('s')]) {
      expect(() => canonicalJson({ bad })).toThrow(TypeError);
    }
  });
});

describe('recordHash', () => {
  const record = { _id: 1, prevHash: GENESIS_HASH, at: new Date('2026-12-02T10:00:00.000Z'), action: 'x', details: { n: 1 } };

  it('is the sha256 hex of the canonical JSON of the record without its hash', () => {
    const expected = createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
    expect(recordHash(record)).toBe(expected);
    expect(recordHash({ ...record, hash: 'anything' })).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is a known value (the algorithm is a stored format: it must not drift)', () => {
    expect(canonicalJson(record)).toBe('{"_id":1,"action":"x","at":{"$date":"2026-12-02T10:00:00.000Z"},"details":{"n":1},"prevHash":"' + GENESIS_HASH + '"}');
    expect(recordHash({ a: 1, hash: 'x' })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });

  it('changes with any field, at any depth', () => {
    const base = recordHash(record);
    expect(recordHash({ ...record, details: { n: 2 } })).not.toBe(base);
    expect(recordHash({ ...record, _id: 2 })).not.toBe(base);
    expect(recordHash({ ...record, prevHash: '1'.repeat(64) })).not.toBe(base);
    expect(recordHash({ ...record, at: new Date('2026-12-02T10:00:00.001Z') })).not.toBe(base);
  });
});

describe('audit:verify arguments', () => {
  it('takes --mongo-url and --collection', () => {
    expect(verifyTarget(['--mongo-url', 'mongodb://h/enrolment', '--collection', 'audit2'], {})).toEqual({ url: 'mongodb://h/enrolment', collection: 'audit2' });
  });

  it('falls back to MONGO_URL, then to MONGO_URL_BASE and the service name (local database names use _)', () => {
    expect(verifyTarget([], { MONGO_URL: 'mongodb://h/enrolment' })).toEqual({ url: 'mongodb://h/enrolment', collection: 'audit_trail' });
    expect(verifyTarget(['police-liaison'], { MONGO_URL_BASE: 'mongodb://127.0.0.1:27018/' })).toEqual({ url: 'mongodb://127.0.0.1:27018/police_liaison', collection: 'audit_trail' });
  });

  it('refuses to guess', () => {
    expect(() => verifyTarget([], {})).toThrow(/no database/);
    expect(() => verifyTarget(['--mongo-url'], {})).toThrow(/needs a value/);
    expect(() => verifyTarget(['--mongo-url', 'postgres://x'], {})).toThrow(/must start with mongodb/);
    expect(() => verifyTarget(['a', 'b'], { MONGO_URL: 'mongodb://h/x' })).toThrow(/unknown argument b/);
  });
});
