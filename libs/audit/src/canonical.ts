import { createHash } from 'node:crypto';

/** The hash before the first record of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One text for one value, whatever order its keys were written or read in: object keys sorted (by UTF-16 code
 * units), no whitespace, keys whose value is `undefined` left out (as MongoDB does not store them), a `Date` as
 * `{"$date":"<ISO 8601>"}` (milliseconds, what BSON keeps). Anything JSON cannot say exactly (NaN, Infinity, bigint,
 * functions, other class instances) is refused rather than hashed as something else.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('canonicalJson: an invalid Date');
    return `{"$date":${JSON.stringify(value.toISOString())}}`;
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) throw new TypeError(`canonicalJson: a ${(value as object).constructor?.name ?? 'class'} instance has no JSON form`);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of a record without its own `hash`. */
export function recordHash(record: object): string {
  const { hash: _hash, ...rest } = record as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}
