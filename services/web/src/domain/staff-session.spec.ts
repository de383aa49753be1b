import { checkSession, type IdentityProviderEntry, rolesFromClaims, signedInPerson, type StaffSession, startPageOf } from './staff-session';

const staff: IdentityProviderEntry = {
  issuer: 'http://idp/ale',
  clientId: 'trygg-samverkan',
  clientSecretEnv: 'OIDC_CLIENT_SECRET_ALE',
  groupsClaim: 'groups',
  roles: { coordinator: ['trygg-samordnare'], 'municipal-role': ['folkhalsostrateg'], admin: ['trygg-admin'] },
  reviewers: { 'bra-review': ['bra-granskare'] },
};
const police: IdentityProviderEntry = { ...staff, issuer: 'http://idp/polisen', roles: { 'police-officer': ['kommunpolis'] }, policeAreaClaim: 'police_area' };
const areas = new Set(['lpo-trollhattan', 'lpo-ale-kungalv']);

describe('a staff session ends', () => {
  const now = 1_000_000_000;
  const session: StaffSession = { accessToken: 'a', idToken: 'i', organisation: 'ale', expiresAt: now + 600_000, name: 'S', roles: ['coordinator'], createdAt: now - 60_000, lastSeenAt: now - 60_000 };
  const idle = 30 * 60_000;

  it('is active while used and its token is valid', () => {
    expect(checkSession(session, now, idle).kind).toBe('active');
  });

  it('after the idle time without use', () => {
    expect(checkSession({ ...session, lastSeenAt: now - idle - 1 }, now, idle).kind).toBe('idle');
    expect(checkSession({ ...session, lastSeenAt: now - idle + 1000 }, now, idle).kind).toBe('active');
  });

  it('when the access token expires (30 s early), however recently used', () => {
    expect(checkSession({ ...session, expiresAt: now + 29_000, lastSeenAt: now }, now, idle).kind).toBe('expired');
    expect(checkSession({ ...session, expiresAt: now - 1 }, now, idle).kind).toBe('expired');
  });
});

describe('roles from the IdP\'s groups (identity.yaml)', () => {
  it('maps groups to our roles, reviewers included, and ignores unknown groups', () => {
    expect(rolesFromClaims(staff, { groups: ['trygg-samordnare', 'okänd'] })).toEqual(['coordinator']);
    expect(rolesFromClaims(staff, { groups: ['bra-granskare', 'folkhalsostrateg'] })).toEqual(['municipal-role', 'reviewer']);
    expect(rolesFromClaims(staff, { groups: 'trygg-admin' })).toEqual(['admin']);
    expect(rolesFromClaims(staff, {})).toEqual([]);
  });

  it('a coordinator acts in the municipality whose IdP they used and lands on its coordinator pages', () => {
    const person = signedInPerson('ale', staff, { sub: 's1', name: 'Sara', groups: ['trygg-samordnare'] }, areas);
    expect(person).toEqual({ name: 'Sara', roles: ['coordinator'], municipalityId: 'ale' });
    expect(startPageOf(person)).toBe('/ale/samordnare');
  });

  it('a municipal IdP cannot make a police officer', () => {
    expect(signedInPerson('ale', { ...staff, roles: { ...staff.roles, 'police-officer': ['kommunpolis'] } }, { sub: 's', groups: ['kommunpolis'] }, areas).roles).toEqual([]);
  });

  it('an officer needs a police area one of our municipalities lists, and lands on /polis', () => {
    const officer = signedInPerson('polisen', police, { sub: 'p1', groups: ['kommunpolis'], police_area: 'lpo-trollhattan' }, areas);
    expect(officer).toEqual({ name: 'p1', roles: ['police-officer'], policeAreaId: 'lpo-trollhattan' });
    expect(startPageOf(officer)).toBe('/polis');
    expect(signedInPerson('polisen', police, { sub: 'p2', groups: ['kommunpolis'], police_area: 'lpo-okand' }, areas).roles).toEqual([]);
    expect(signedInPerson('polisen', police, { sub: 'p3', groups: ['kommunpolis'] }, areas).roles).toEqual([]);
  });

  it('the read-only municipal roles land on the walks\' monthly report; others on the page saying what they may see', () => {
    expect(startPageOf(signedInPerson('ale', staff, { sub: 'x', groups: ['folkhalsostrateg'] }, areas))).toBe('/ale/samordnare/vandringar/rapport');
    expect(startPageOf(signedInPerson('ale', staff, { sub: 'x', groups: ['dataskyddsombud'] }, areas))).toBe('/inloggad');
  });
});
