import { createHash } from 'node:crypto';

/** SHA-256 of a text (UTF-8) as 64 lower-case hex digits: stored hashes of secrets, content fingerprints. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
