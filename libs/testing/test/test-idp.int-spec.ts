import { createRemoteJWKSet, jwtVerify } from 'jose';
import { IDP_GROUPS, TestIdp } from '../src';

describe('TestIdp', () => {
  let idp: TestIdp;
  beforeAll(async () => (idp = await TestIdp.start()));
  afterAll(() => idp.close());

  it('serves an issuer per path whose tokens verify against that issuer only', async () => {
    const { authorization } = await idp.officer('lpo-trollhattan');
    const token = authorization.replace('Bearer ', '');
    const discovery = (await (await fetch(`${idp.issuer('polisen')}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(idp.issuer('polisen'));
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: idp.issuer('polisen'), audience: 'trygg-samverkan-api' });
    expect(payload).toMatchObject({ sub: 'polis.lpo-trollhattan', groups: [IDP_GROUPS['police-officer']], police_area: 'lpo-trollhattan' });
    // Another issuer's keys do not verify it.
    await expect(jwtVerify(token, createRemoteJWKSet(new URL(`${idp.issuer('ale')}/jwks`)))).rejects.toThrow();
  });
});
