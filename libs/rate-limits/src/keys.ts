import { isIPv4, isIPv6 } from 'node:net';
import { normaliseMobile, sha256Hex } from '@trygg/values';

/**
 * What a limit counts: a client network, or an identifier someone could abuse (an email address, a postal address, a
 * mobile number), or a person by their id (e.g. police-liaison's observations per reporter).
 */
export type LimitKind = 'network' | 'email' | 'address' | 'mobile' | 'person';

/** A postal address as the forms take it. */
export interface PostalAddress {
  street: string;
  number: string;
  postcode: string;
}

/**
 * The network a client address belongs to: an IPv4 address as it is (an IPv4-mapped IPv6 address as its IPv4), an
 * IPv6 address as its /64 (one household or phone gets a whole /64, so counting single IPv6 addresses would let one
 * client rotate through billions).
 */
export function networkOf(ip: string): string {
  const address = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return mapped[1]!;
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** The same identifier however it was typed: case, spaces and punctuation do not make a new one. */
export function normalisedIdentifier(kind: LimitKind, value: string | PostalAddress): string {
  if (typeof value !== 'string') return [value.street, value.number, value.postcode].map((part) => part.normalize('NFC').toLowerCase().replace(/[\s.,\-/]+/g, '')).join('|');
  switch (kind) {
    case 'network':
      return networkOf(value);
    case 'email':
    case 'person':
      return value.trim().toLowerCase();
    case 'mobile':
      return normaliseMobile(value) ?? value.replace(/[^\d+]/g, '');
    case 'address':
      return value.normalize('NFC').toLowerCase().replace(/[\s.,\-/]+/g, '');
  }
}

/**
 * The Redis key of one counter: `<prefix>:<service>:<rule>:<hash>`. The identifier is hashed (SHA-256 of the
 * normalised value), so no email address, postal address, phone number or IP address is ever a key in Redis.
 */
export function limitKey(prefix: string, service: string, rule: string, kind: LimitKind, value: string | PostalAddress): string {
  return `${prefix}:${service}:${rule}:${sha256Hex(`${kind}:${normalisedIdentifier(kind, value)}`)}`;
}
