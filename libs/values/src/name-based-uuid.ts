import { createHash } from 'node:crypto';
import { sha256Hex } from './hash';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const format = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/**
 * A name-based UUID, RFC 9562 version 5: SHA-1 of the namespace's 16 bytes and the name (the parts joined with `:`,
 * UTF-8), version and variant bits set. The same namespace and parts always give the same id, so a redelivered
 * command finds what the first delivery created. `namespace` is a UUID chosen once per kind of id.
 */
export function nameBasedUuid(namespace: string, ...parts: Array<string | number>): string {
  if (!UUID.test(namespace)) throw new Error(`namespace must be a UUID: ${namespace}`);
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(parts.join(':'), 'utf8').digest();
  hash[6] = (hash.readUInt8(6) & 0x0f) | 0x50; // version 5
  hash[8] = (hash.readUInt8(8) & 0x3f) | 0x80; // RFC variant
  return format(hash.subarray(0, 16).toString('hex'));
}

/**
 * The older variant some stored ids were made with (onboarding instances, step work of the plug-ins): SHA-256 of
 * `namespace:part:part…` as text, the first 128 bits with the version nibble set to 5 and the RFC variant. Not RFC
 * 9562 (version 5 means SHA-1), but the ids are persisted and compared across restarts, so it stays as it is: use
 * `nameBasedUuid` for new kinds of id.
 */
export function nameBasedUuidSha256(namespace: string, ...parts: Array<string | number>): string {
  const h = sha256Hex([namespace, ...parts].join(':'));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
