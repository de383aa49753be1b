import { decodeJwt } from 'jose';
import type { Configuration } from 'openid-client';
import { IdentityProviderUnavailable, type IdentityProviderClient, type SignInChecks, type SignInResult, type SignInStart, SignInFailed } from '../application/sign-in';
import type { IdentityProviderEntry } from '../domain/staff-session';
import type { IdentityProviders } from './identity-providers';

type OpenIdClient = typeof import('openid-client');

/**
 * openid-client 6 (certified relying party) is an ES module only: it is loaded here, the only file that uses it, when
 * the first sign-in starts (TypeScript compiles `import()` to a `require` at call time, which Node 24 allows for ES
 * modules). Tests of the pages replace this port; the browser sign-in test runs the real one against the dev IdP.
 */
function loadOpenIdClient(): Promise<OpenIdClient> {
  return import('openid-client');
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * The organisations' IdPs through openid-client: discovery (cached per organisation; tried again after a failure),
 * authorization code with PKCE (S256), state and nonce, a confidential client authenticating with the secret from
 * the env var identity.yaml names (`clientSecretEnv`), RP-initiated logout. Plain http is allowed only for an issuer
 * on the loopback interface (the local dev IdP).
 */
export class OpenIdClientProvider implements IdentityProviderClient {
  private readonly configurations = new Map<string, Promise<Configuration>>();

  constructor(
    private readonly providers: IdentityProviders,
    private readonly publicUrl: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private get redirectUri(): string {
    return `${this.publicUrl.replace(/\/$/, '')}/auth/callback`;
  }

  private entry(organisation: string): IdentityProviderEntry {
    const entry = this.providers.get(organisation);
    if (!entry) throw new SignInFailed(`no identity provider for ${organisation}`);
    return entry;
  }

  private configuration(organisation: string): Promise<Configuration> {
    const cached = this.configurations.get(organisation);
    if (cached) return cached;
    const entry = this.entry(organisation);
    const secret = this.env[entry.clientSecretEnv];
    const loading = (async () => {
      if (!secret) throw new IdentityProviderUnavailable(`${entry.clientSecretEnv} is not set (the client secret at ${entry.issuer})`);
      const client = await loadOpenIdClient();
      const issuer = new URL(entry.issuer);
      const insecure = issuer.protocol === 'http:' && isLoopback(issuer);
      try {
        return await client.discovery(issuer, entry.clientId, { redirect_uris: [this.redirectUri], response_types: ['code'] }, client.ClientSecretBasic(secret), insecure ? { execute: [client.allowInsecureRequests] } : undefined);
      } catch (error) {
        throw new IdentityProviderUnavailable(`discovery at ${entry.issuer} failed: ${(error as Error).message}`);
      }
    })();
    this.configurations.set(organisation, loading);
    loading.catch(() => this.configurations.delete(organisation));
    return loading;
  }

  async start(organisation: string): Promise<SignInStart> {
    const config = await this.configuration(organisation);
    const client = await loadOpenIdClient();
    const checks: SignInChecks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid profile',
      response_type: 'code',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, checks };
  }

  async finish(organisation: string, callbackQuery: URLSearchParams, checks: SignInChecks): Promise<SignInResult> {
    const config = await this.configuration(organisation);
    // The redirect_uri of the token request is this URL without its query: the public one the IdP redirected to.
    const callbackUrl = new URL(`${this.redirectUri}?${callbackQuery.toString()}`);
    const client = await loadOpenIdClient();
    let tokens: Awaited<ReturnType<OpenIdClient['authorizationCodeGrant']>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true });
    } catch (error) {
      const e = error as Error & { code?: string; error?: string; error_description?: string };
      if (e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || /fetch failed|ECONNREFUSED|timeout/i.test(e.message)) throw new IdentityProviderUnavailable(e.message);
      throw new SignInFailed(`${e.name}: ${e.message}${e.error ? ` (${e.error}${e.error_description ? `: ${e.error_description}` : ''})` : ''}`);
    }
    const idClaims = tokens.claims();
    if (!tokens.id_token || !idClaims) throw new SignInFailed('no ID token');
    let accessClaims: Record<string, unknown> = {};
    try {
      accessClaims = decodeJwt(tokens.access_token) as Record<string, unknown>;
    } catch {
      // An opaque access token: the ID token's claims are all there is.
    }
    const lifetime = tokens.expiresIn();
    const exp = typeof accessClaims['exp'] === 'number' ? accessClaims['exp'] * 1000 : undefined;
    const expiresAt = lifetime !== undefined ? Date.now() + lifetime * 1000 : (exp ?? Date.now() + 5 * 60_000);
    return { accessToken: tokens.access_token, idToken: tokens.id_token, expiresAt, claims: { ...accessClaims, ...idClaims } };
  }

  async endSessionUrl(organisation: string, idToken: string): Promise<string | undefined> {
    let config: Configuration;
    try {
      config = await this.configuration(organisation);
    } catch {
      return undefined;
    }
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    const client = await loadOpenIdClient();
    return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${this.publicUrl.replace(/\/$/, '')}/` }).href;
  }
}
