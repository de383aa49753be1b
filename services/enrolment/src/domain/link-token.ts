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

/** The platform's link rule (libs/values), under the names enrolment's code uses. */
export { hashLinkToken as hashToken, linkTokenState as checkToken, looksLikeLinkToken as looksLikeToken } from '@trygg/values';

export function expiryOf(kind: LinkKind, now: Date): Date {
  return new Date(now.getTime() + LINK_VALIDITY_DAYS[kind] * 86_400_000);
}
