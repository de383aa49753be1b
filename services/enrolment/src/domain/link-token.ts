import { sha256Hex } from '@trygg/values';

/**
 * Links in emails (the cross-team agreement is in API.md): a secret of 32 random bytes, base64url, drawn by the
 * caller (application port `LinkSecretGenerator`). Only the sha256 is stored, so a database leak does not leak
 * working links.
 */
export type LinkKind = 'confirmation' | 'self-service' | 'activity-check' | 'email-change';

export const LINK_VALIDITY_DAYS: Record<LinkKind, number> = { confirmation: 7, 'self-service': 30, 'activity-check': 30, 'email-change': 3 };

export interface LinkToken {
  /** sha256(token), hex. */
  hash: string;
  kind: LinkKind;
  municipalityId: string;
  personId: string;
  registrationId: string | null;
  /** For activity-check links: the group and the check answered with it. */
  groupId?: string | null;
  checkId?: string | null;
  /** For email-change links: the change (a new address waiting on the person's registrations) the link confirms. */
  changeId?: string | null;
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

export function expiryOf(kind: LinkKind, now: Date): Date {
  return new Date(now.getTime() + LINK_VALIDITY_DAYS[kind] * 86_400_000);
}

export type TokenCheck = 'ok' | 'token_expired' | 'token_used';

export function checkToken(token: LinkToken, now: Date): TokenCheck {
  if (token.usedAt !== null) return 'token_used';
  if (token.expiresAt.getTime() <= now.getTime()) return 'token_expired';
  return 'ok';
}
