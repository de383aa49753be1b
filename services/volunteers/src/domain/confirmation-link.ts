import { sha256Hex } from '@trygg/values';

/**
 * The link of a walker's confirmation email: a secret of 32 random bytes, base64url, drawn by the caller (the
 * application port `LinkSecrets`). Only its sha256 is stored, so a database leak does not leak working links; the
 * secret itself never travels in events.
 */
export interface ConfirmationLink {
  /** sha256(token), hex. */
  hash: string;
  volunteerId: string;
  municipalityId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export function hashToken(token: string): string {
  return sha256Hex(token);
}

/** 32 bytes base64url is 43 characters of [A-Za-z0-9_-]; anything else is not one of our tokens. */
export function looksLikeToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export type LinkCheck = 'ok' | 'token_expired' | 'token_used';

export function checkLink(link: ConfirmationLink, now: Date): LinkCheck {
  if (link.usedAt !== null) return 'token_used';
  if (link.expiresAt.getTime() <= now.getTime()) return 'token_expired';
  return 'ok';
}
