/**
 * The link of a walker's confirmation email: a secret of 32 random bytes, base64url, drawn by the caller (the
 * application port `LinkSecrets`). Only its sha256 is stored, so a database leak does not leak working links; the
 * secret itself never travels in events. Hashing, shape and state of a link: the platform's rule (`hashLinkToken`,
 * `looksLikeLinkToken`, `linkTokenState` of libs/values).
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
