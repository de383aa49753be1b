import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { type DevIdpProcess, signInAtDevIdp, startDevIdp } from '../src';

// deploy/local/dev-idp.mts as a process on a free port with its own LOCAL_DIR: the seeded people sign in through the
// whole authorization-code + PKCE flow, and their access tokens verify against the issuer's published keys.

const root = resolve(__dirname, '../../..');
const SECRETS: Record<string, string> = { ale: 'test-secret-ale-0123456789abcdef', polisen: 'test-secret-police-0123456789abcdef' };

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function verify(idp: DevIdpProcess, issuerPath: string, accessToken: string) {
  const issuer = `${idp.url}/${issuerPath}`;
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
  expect(discovery.issuer).toBe(issuer);
  const { payload, protectedHeader } = await jwtVerify(accessToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
    issuer,
    audience: 'trygg-samverkan-api',
    algorithms: ['RS256'],
  });
  expect(protectedHeader.alg).toBe('RS256');
  return payload;
}

describe('development IdP (deploy/local/dev-idp.mts)', () => {
  let idp: DevIdpProcess;
  let port: number;
  let localDir: string;
  let redirectUri: string;

  const start = () =>
    startDevIdp({
      port,
      localDir,
      redirectUris: [redirectUri],
      env: { OIDC_CLIENT_SECRET_ALE: SECRETS['ale']!, OIDC_CLIENT_SECRET_POLICE: SECRETS['polisen']! },
    });
  const signIn = (issuerPath: string, username: string, password = 'trygg-dev') =>
    signInAtDevIdp({ idpUrl: idp.url, issuerPath, username, password, clientId: 'trygg-samverkan', clientSecret: SECRETS[issuerPath]!, redirectUri });

  beforeAll(async () => {
    port = await freePort();
    // Nothing listens here: the code is taken from the redirect's Location header.
    redirectUri = `http://127.0.0.1:${await freePort()}/auth/callback`;
    localDir = mkdtempSync(join(tmpdir(), 'dev-idp-'));
    idp = await start();
  });

  afterAll(async () => {
    await idp?.stop();
    rmSync(localDir, { recursive: true, force: true });
  });

  it('signs in a coordinator of Ale: a JWT access token for trygg-samverkan-api with name and groups', async () => {
    const tokens = await signIn('ale', 'samordnare.ale');
    const payload = await verify(idp, 'ale', tokens.accessToken);
    expect(payload).toMatchObject({ sub: 'samordnare.ale', client_id: 'trygg-samverkan', name: 'Åsa Lind', groups: ['trygg-samordnare'] });
    expect(payload['police_area']).toBeUndefined();
    expect(tokens.claims).toEqual(payload);
    expect(tokens.idTokenClaims).toMatchObject({ iss: `${idp.url}/ale`, aud: 'trygg-samverkan', sub: 'samordnare.ale', name: 'Åsa Lind', groups: ['trygg-samordnare'] });
    expect(idp.output()).toMatch(/ale: samordnare\.ale \(Åsa Lind; trygg-samordnare\) signed in/);
  });

  it('signs in Trollhättan’s police officer with the police area of municipality.yaml', async () => {
    const tokens = await signIn('polisen', 'polis.trollhattan');
    const payload = await verify(idp, 'polisen', tokens.accessToken);
    expect(payload).toMatchObject({ sub: 'polis.trollhattan', groups: ['kommunpolis'], police_area: 'lpo-trollhattan' });
    expect(tokens.idTokenClaims).toMatchObject({ police_area: 'lpo-trollhattan', groups: ['kommunpolis'] });
    expect(readFileSync(join(root, 'municipalities/trollhattan/municipality.yaml'), 'utf8')).toMatch(/- id: lpo-trollhattan\b/);
  });

  it('is not fooled by another issuer’s token: Ale’s token does not verify as the police’s', async () => {
    const tokens = await signIn('ale', 'samordnare.ale');
    await expect(verify(idp, 'polisen', tokens.accessToken)).rejects.toThrow();
  });

  it('refuses a wrong password and a person of another issuer', async () => {
    await expect(signIn('ale', 'samordnare.ale', 'fel-lösenord')).rejects.toThrow(/refused the sign-in of samordnare\.ale .*401/);
    await expect(signIn('ale', 'polis.trollhattan')).rejects.toThrow(/refused the sign-in/);
    expect(idp.output()).toMatch(/ale: sign-in refused for "samordnare\.ale" \(wrong password\)/);
  });

  it('accepts the client secret in the body too (client_secret_post); the JWT access token is not for its own userinfo', async () => {
    const tokens = await signInAtDevIdp({
      idpUrl: idp.url,
      issuerPath: 'ale',
      username: 'dso.ale',
      password: 'trygg-dev',
      clientId: 'trygg-samverkan',
      clientSecret: SECRETS['ale']!,
      redirectUri,
      clientAuth: 'post',
    });
    expect(await verify(idp, 'ale', tokens.accessToken)).toMatchObject({ sub: 'dso.ale', groups: ['dataskyddsombud'] });
    const userinfo = await fetch(`${idp.url}/ale/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(userinfo.status).toBe(401);
  });

  it('ends the session on RP-initiated logout and returns to the registered post-logout address', async () => {
    const tokens = await signIn('ale', 'samordnare.ale');
    const end = new URL(`${idp.url}/ale/session/end`);
    end.search = new URLSearchParams({ id_token_hint: tokens.idToken, post_logout_redirect_uri: 'http://127.0.0.1:3000/', state: 'after-logout' }).toString();
    const page = await fetch(end, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /<form[^>]* action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action).toBe(`${idp.url}/ale/session/end/confirm`);
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const confirm = await fetch(action!, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }).toString(),
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toBe('http://127.0.0.1:3000/?state=after-logout');
  });

  it('refuses a wrong client secret at the token endpoint', async () => {
    await expect(
      signInAtDevIdp({ idpUrl: idp.url, issuerPath: 'ale', username: 'admin', password: 'trygg-dev', clientId: 'trygg-samverkan', clientSecret: 'wrong-secret', redirectUri }),
    ).rejects.toThrow(/token endpoint answered 401: invalid_client/);
  });

  it('keeps its signing keys across a restart: a token issued before still verifies', async () => {
    const before = await signIn('polisen', 'polis.ale');
    await idp.stop();
    idp = await start();
    const payload = await verify(idp, 'polisen', before.accessToken);
    expect(payload).toMatchObject({ sub: 'polis.ale', police_area: 'lpo-ale-kungalv' });
    expect(readFileSync(join(root, 'municipalities/ale/municipality.yaml'), 'utf8')).toMatch(/- id: lpo-ale-kungalv\b/);
  });
});
