import type { Permission, Role } from '@trygg/http-contracts';
import type { Municipality } from '@trygg/municipalities';

/** An identity provider whose access tokens the services accept, and how its claims become a Principal. */
export interface TrustedIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly groupsClaim: string;
  /** Our role -> the IdP groups that grant it. */
  readonly roles: Readonly<Partial<Record<Role, readonly string[]>>>;
  /** Reviewer of a plug-in step: step id -> groups. */
  readonly reviewers: Readonly<Record<string, readonly string[]>>;
  readonly permissions: Readonly<Partial<Record<Permission, readonly string[]>>>;
  /** Staff issuer: the one municipality it signs in for. */
  readonly municipalityId?: string;
  /** Police issuer: the claim naming the officer's police area, and every known area -> the municipalities listing it. */
  readonly police?: { readonly policeAreaClaim: string; readonly areas: Readonly<Record<string, readonly string[]>> };
}

/**
 * The trusted issuers of the loaded municipalities' `identity.yaml`: one staff issuer per municipality (an issuer
 * serving two municipalities is refused: its tokens could not say which one), and each police issuer once (the
 * same entry in several municipalities must agree), knowing every police area the municipalities list.
 */
export function trustedIssuersFrom(municipalities: ReadonlyMap<string, Municipality>): TrustedIssuer[] {
  const areas: Record<string, string[]> = {};
  for (const m of municipalities.values()) for (const area of m.policeAreas) (areas[area.id] ??= []).push(m.id);
  const byIssuer = new Map<string, { issuer: TrustedIssuer; from: string }>();
  const add = (issuer: TrustedIssuer, from: string) => {
    const known = byIssuer.get(issuer.issuer);
    if (!known) return void byIssuer.set(issuer.issuer, { issuer, from });
    if (issuer.municipalityId !== undefined || known.issuer.municipalityId !== undefined) {
      throw new Error(`identity.yaml: the issuer ${issuer.issuer} is configured for both ${known.from} and ${from}; a staff issuer serves one municipality`);
    }
    if (JSON.stringify(known.issuer) !== JSON.stringify(issuer)) {
      throw new Error(`identity.yaml: the police issuer ${issuer.issuer} is configured differently in ${known.from} and ${from}`);
    }
  };
  for (const m of municipalities.values()) {
    const identity = m.identity;
    if (!identity) continue;
    const { staff, police } = identity;
    add({ issuer: staff.issuer, audience: staff.audience, groupsClaim: staff.groupsClaim, roles: staff.roles, reviewers: staff.reviewers, permissions: staff.permissions, municipalityId: m.id }, m.id);
    if (police) {
      add({ issuer: police.issuer, audience: police.audience, groupsClaim: police.groupsClaim, roles: police.roles, reviewers: {}, permissions: {}, police: { policeAreaClaim: police.policeAreaClaim, areas } }, m.id);
    }
  }
  return [...byIssuer.values()].map((x) => x.issuer);
}
