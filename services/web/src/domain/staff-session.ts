/**
 * Who is signed in on the web front, and the rules of a sign-in: which organisation's identity provider a person
 * used, how its groups become our roles (municipalities/<id>/identity.yaml), and when a session has ended. Pure rules:
 * the cookie that carries a session and the OpenID Connect exchange that starts one live in infrastructure/.
 */

export type StaffRole = 'coordinator' | 'police-officer' | 'reviewer' | 'municipal-role' | 'data-protection-officer' | 'admin';

/** Where a person signs in: a municipality's staff IdP (its id) or the police's IdP. */
export const POLICE_ORGANISATION = 'polisen';

/** One identity provider entry of identity.yaml (`staff` or `police`), as the web needs it. */
export interface IdentityProviderEntry {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretEnv: string;
  readonly groupsClaim: string;
  /** Our role → the IdP groups that grant it. */
  readonly roles: Readonly<Partial<Record<StaffRole, readonly string[]>>>;
  /** Reviewer of a named plug-in step → the groups that grant it. */
  readonly reviewers?: Readonly<Record<string, readonly string[]>>;
  /** Police only: the claim naming the officer's police area. */
  readonly policeAreaClaim?: string;
}

/** The signed-in person as the pages see them. */
export interface StaffSession {
  readonly accessToken: string;
  readonly idToken: string;
  /** The organisation signed in at: a municipality id, or `polisen`. */
  readonly organisation: string;
  /** ms since the epoch: the access token's own expiry. */
  readonly expiresAt: number;
  readonly name: string;
  readonly roles: readonly StaffRole[];
  /** Staff: the municipality whose IdP they signed in at. */
  readonly municipalityId?: string;
  /** Police: the officer's police area. */
  readonly policeAreaId?: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export type SessionCheck = { kind: 'active'; session: StaffSession } | { kind: 'idle' } | { kind: 'expired' };

/** A session ends when it was idle longer than `idleMs` or when its access token expired (a 30 s margin for the call it would make). */
export function checkSession(session: StaffSession, now: number, idleMs: number): SessionCheck {
  if (now >= session.expiresAt - 30_000) return { kind: 'expired' };
  if (now - session.lastSeenAt > idleMs || now < session.createdAt - 60_000) return { kind: 'idle' };
  return { kind: 'active', session };
}

function groupsOf(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Our roles from the IdP's groups claim, in the order of the role list (no group → no role). */
export function rolesFromClaims(entry: IdentityProviderEntry, claims: Readonly<Record<string, unknown>>): StaffRole[] {
  const groups = new Set(groupsOf(claims, entry.groupsClaim));
  const roles = (Object.entries(entry.roles) as Array<[StaffRole, readonly string[]]>).filter(([, granted]) => granted.some((g) => groups.has(g))).map(([role]) => role);
  const reviewer = Object.values(entry.reviewers ?? {}).some((granted) => granted.some((g) => groups.has(g)));
  return reviewer && !roles.includes('reviewer') ? [...roles, 'reviewer'] : roles;
}

export interface SignedInPerson {
  readonly name: string;
  readonly roles: StaffRole[];
  readonly municipalityId?: string;
  readonly policeAreaId?: string;
}

/**
 * The person a sign-in produced, from the claims of the ID token and the access token together. A police officer
 * needs a police area that one of our municipalities lists (`knownPoliceAreas`); without one they get no role.
 */
export function signedInPerson(
  organisation: string,
  entry: IdentityProviderEntry,
  claims: Readonly<Record<string, unknown>>,
  knownPoliceAreas: ReadonlySet<string>,
): SignedInPerson {
  const subject = typeof claims['sub'] === 'string' ? claims['sub'] : '';
  const name = typeof claims['name'] === 'string' && claims['name'].trim() ? claims['name'].trim() : subject;
  const roles = rolesFromClaims(entry, claims);
  if (organisation !== POLICE_ORGANISATION) return { name, roles: roles.filter((r) => r !== 'police-officer'), municipalityId: organisation };
  const area = entry.policeAreaClaim ? claims[entry.policeAreaClaim] : undefined;
  if (typeof area !== 'string' || !knownPoliceAreas.has(area)) return { name, roles: [] };
  return { name, roles: roles.filter((r) => r === 'police-officer'), policeAreaId: area };
}

/** Where a person lands after signing in: coordinators on their municipality's coordinator pages, officers on /polis. */
export function startPageOf(person: { roles: readonly StaffRole[]; municipalityId?: string; policeAreaId?: string }): string {
  if (person.roles.includes('coordinator') && person.municipalityId) return `/${person.municipalityId}/samordnare`;
  if (person.roles.includes('police-officer') && person.policeAreaId) return '/polis';
  if (person.roles.includes('municipal-role') && person.municipalityId) return `/${person.municipalityId}/samordnare/vandringar/rapport`;
  return '/inloggad';
}
