import type { StaffRole, StaffSession } from '../src/domain/staff-session';
import { SealedValues } from '../src/infrastructure/sealed-cookie';

/**
 * TEST ONLY: a signed-in person's session cookie, sealed with the web's own code and the test's WEB_SESSION_SECRET
 * (what /auth/callback writes after a sign-in at the IdP), for page tests that do not go through an IdP. The
 * browser sign-in at the dev IdP is `sign-in.int-spec.ts`.
 */
export const TEST_SESSION_SECRET = 'test-only-web-session-secret-0123456789abcdef';

/** The session cookie's name on plain http (COOKIE_SECURE=false). */
export const SESSION_COOKIE = 'trygg-session';

export function sealedSession(session: Partial<StaffSession> & { accessToken: string; roles: StaffRole[] }, secret = TEST_SESSION_SECRET): string {
  const now = Date.now();
  const full: StaffSession = { idToken: 'test-id-token', organisation: session.municipalityId ?? 'polisen', expiresAt: now + 3600_000, name: 'Test Person', createdAt: now, lastSeenAt: now, ...session };
  return new SealedValues(secret).seal('session', full);
}

/** A coordinator of `municipalityId` whose access token is `accessToken`, as a Cookie header. */
export function coordinatorCookie(municipalityId: string, accessToken: string, name = 'Sara Samordnare'): string {
  return `${SESSION_COOKIE}=${sealedSession({ accessToken, roles: ['coordinator'], municipalityId, organisation: municipalityId, name })}`;
}

/** A police officer of `policeAreaId` whose access token is `accessToken`, as a Cookie header. */
export function officerCookie(policeAreaId: string, accessToken: string, name = 'Per Polis'): string {
  return `${SESSION_COOKIE}=${sealedSession({ accessToken, roles: ['police-officer'], policeAreaId, organisation: 'polisen', name })}`;
}
