import { TestIssuer } from '@trygg/testing';
import { IdentityProviderUnavailable, Unauthenticated } from './principal';
import { TokenVerifier } from './token-verifier';
import type { TrustedIssuer } from './trusted-issuers';

const trust = (issuer: string): TrustedIssuer => ({
  issuer,
  audience: 'trygg-samverkan-api',
  groupsClaim: 'groups',
  municipalityId: 'ale',
  roles: { coordinator: ['trygg-samordnare'] },
  reviewers: {},
  permissions: {},
});

describe('TokenVerifier when the identity provider is away', () => {
  it('answers 503 (identity provider unavailable), not 401, when the issuer cannot be asked for its keys', async () => {
    const issuer = await TestIssuer.start('/ale');
    const token = await issuer.token({ sub: 'anna', groups: ['trygg-samordnare'] });
    // While it answers, the token is good.
    await expect(new TokenVerifier([trust(issuer.issuer)]).verify(`Bearer ${token}`)).resolves.toMatchObject({ roles: ['coordinator'], municipalityId: 'ale' });
    await issuer.close();
    const error = await new TokenVerifier([trust(issuer.issuer)]).verify(`Bearer ${token}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityProviderUnavailable);
    expect((error as IdentityProviderUnavailable).getStatus()).toBe(503);
    expect(error).not.toBeInstanceOf(Unauthenticated);
  });
});
