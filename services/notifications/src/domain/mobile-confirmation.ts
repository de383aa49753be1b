import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@trygg/values';

/**
 * An SMS goes only to a mobile number the person confirmed by typing back a code sent to it (SMS pumping: nobody
 * makes the municipality text a number its owner never asked for). The code: 6 digits, stored only as a salted
 * hash on the recipient, valid 10 minutes, void after 5 wrong answers; at most 3 codes per number per day.
 */
export const MOBILE_CODE = { digits: 6, validMinutes: 10, maxWrongAttempts: 5, maxCodesPerNumberPerDay: 3 } as const;

/** The open challenge: a code sent to `number`, kept as `sha256(salt:code)` only. */
export interface MobileChallenge {
  number: string;
  salt: string;
  codeHash: string;
  expiresAt: Date;
  wrongAttempts: number;
}

export interface MobileConfirmation {
  number: string;
  at: Date;
}

/** The recipient fields this rule reads. */
export interface MobileFacts {
  mobile: string | null;
  mobileConfirmed: MobileConfirmation | null;
  mobileChallenge: MobileChallenge | null;
}

export function isMobileConfirmed(facts: Pick<MobileFacts, 'mobile' | 'mobileConfirmed'>): boolean {
  return !!facts.mobile && facts.mobileConfirmed?.number === facts.mobile;
}

export function hashCode(salt: string, code: string): string {
  return sha256Hex(`${salt}:${code}`);
}

/** A code as the person typed it: digits only (spaces and dashes dropped); null when it cannot be a code. */
export function cleanCode(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${MOBILE_CODE.digits}}$`).test(digits) ? digits : null;
}

export type ChallengeRefusal = 'no-mobile' | 'already-confirmed';

/** May a code be sent now? A new challenge replaces an open one (the old code stops working). */
export function startChallenge(
  facts: MobileFacts,
  code: { salt: string; code: string },
  now: Date,
): { ok: true; challenge: MobileChallenge } | { ok: false; reason: ChallengeRefusal } {
  if (!facts.mobile) return { ok: false, reason: 'no-mobile' };
  if (isMobileConfirmed(facts)) return { ok: false, reason: 'already-confirmed' };
  return {
    ok: true,
    challenge: { number: facts.mobile, salt: code.salt, codeHash: hashCode(code.salt, code.code), expiresAt: new Date(now.getTime() + MOBILE_CODE.validMinutes * 60_000), wrongAttempts: 0 },
  };
}

export type AnswerOutcome = 'confirmed' | 'wrong' | 'expired' | 'too-many-attempts' | 'no-code' | 'already-confirmed';

/**
 * The person typed a code: what it means and what to store. Wrong answers count; the fifth voids the challenge.
 * A challenge for another number than the current one (the number changed since) is no challenge.
 */
export function answerChallenge(
  facts: MobileFacts,
  typed: string,
  now: Date,
): { outcome: AnswerOutcome; attemptsLeft: number; set: Partial<Pick<MobileFacts, 'mobileConfirmed' | 'mobileChallenge'>> | null } {
  if (isMobileConfirmed(facts)) return { outcome: 'already-confirmed', attemptsLeft: 0, set: null };
  const challenge = facts.mobileChallenge;
  if (!challenge || challenge.number !== facts.mobile) return { outcome: 'no-code', attemptsLeft: 0, set: null };
  if (challenge.expiresAt.getTime() <= now.getTime()) return { outcome: 'expired', attemptsLeft: 0, set: { mobileChallenge: null } };
  const code = cleanCode(typed);
  if (code !== null && sameHash(hashCode(challenge.salt, code), challenge.codeHash)) {
    return { outcome: 'confirmed', attemptsLeft: 0, set: { mobileConfirmed: { number: challenge.number, at: now }, mobileChallenge: null } };
  }
  const wrongAttempts = challenge.wrongAttempts + 1;
  if (wrongAttempts >= MOBILE_CODE.maxWrongAttempts) return { outcome: 'too-many-attempts', attemptsLeft: 0, set: { mobileChallenge: null } };
  return { outcome: 'wrong', attemptsLeft: MOBILE_CODE.maxWrongAttempts - wrongAttempts, set: { mobileChallenge: { ...challenge, wrongAttempts } } };
}

/** The contact details changed the mobile number: its confirmation and any open code belonged to the old one. */
export function mobileChangeResets(facts: Pick<MobileFacts, 'mobile'>, mobile: string | null | undefined): boolean {
  return mobile !== undefined && mobile !== facts.mobile;
}

/** The day (UTC) a code counts against in the per-number daily limit. */
export function quotaDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
