import { sha256Hex } from './hash';

/**
 * The links in emails (enrolment's self-service, confirmation, activity-check and email-change links; volunteers'
 * walker confirmation): a secret of 32 random bytes, base64url, drawn by the issuing service. Only its SHA-256 is
 * stored, so a database leak does not leak working links. One rule for every service that issues such links.
 */
export function hashLinkToken(token: string): string {
  return sha256Hex(token);
}

/** 32 bytes base64url is 43 characters of [A-Za-z0-9_-]; anything else is not one of our link tokens. */
export function looksLikeLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export type LinkTokenState = 'ok' | 'token_expired' | 'token_used';

/** A stored link: used once, it stays used; at its expiry it stops working. */
export function linkTokenState(link: { usedAt: Date | null; expiresAt: Date }, now: Date): LinkTokenState {
  if (link.usedAt !== null) return 'token_used';
  if (link.expiresAt.getTime() <= now.getTime()) return 'token_expired';
  return 'ok';
}
