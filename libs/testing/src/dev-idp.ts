import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { waitFor } from './wait';

const root = resolve(__dirname, '../../..');

export interface DevIdpSignIn {
  /** Base URL of the development IdP (DEV_IDP_URL), e.g. http://127.0.0.1:4890. */
  idpUrl: string;
  /** The issuer's path: "ale", "lilla-edet", "trollhattan" or "polisen". */
  issuerPath: string;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
  /** One of the redirect URIs the IdP was started with (DEV_IDP_REDIRECT_URIS); nothing needs to listen there. */
  redirectUri: string;
  /** Resource indicator (RFC 8707); the IdP's default (urn:trygg-samverkan:api) when left out. */
  resource?: string;
  /** Default "openid profile". */
  scope?: string;
  /** How the client authenticates at the token endpoint: client_secret_basic (default) or client_secret_post. */
  clientAuth?: 'basic' | 'post';
}

export interface DevIdpTokens {
  accessToken: string;
  idToken: string;
  /** The access token's payload (decoded, not verified): what a service sees. */
  claims: Record<string, unknown>;
  /** The ID token's payload (decoded, not verified). */
  idTokenClaims: Record<string, unknown>;
}

const b64url = (buffer: Buffer): string => buffer.toString('base64url');

/** The payload of a JWT, decoded without checking anything. */
function decodePayload(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Just enough of a cookie jar for one host: name → value and path; expired or emptied cookies are dropped. */
class CookieJar {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const attr = new Map(attributes.map((a) => [a.split('=')[0]!.toLowerCase(), a.slice(a.indexOf('=') + 1)]));
      const expires = attr.get('expires');
      const gone = value === '' || attr.get('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      const path = attr.get('path') ?? '/';
      if (gone) this.cookies.delete(`${name}|${path}`);
      else this.cookies.set(`${name}|${path}`, { value, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies.entries()]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([key, c]) => `${key.split('|')[0]}=${c.value}`)
      .join('; ');
  }
}

/**
 * Signs in at the local development IdP (deploy/local/dev-idp.mts) the way a browser and the web front would, over
 * plain HTTP: authorization request with PKCE (S256), the IdP's login form, the redirect to `redirectUri` (its
 * `code` captured from the Location header, no server needed there), then the code exchanged at the token endpoint
 * with client_secret_basic (or client_secret_post). Throws, naming the step, when the IdP refuses (e.g. a wrong password).
 */
export async function signInAtDevIdp(options: DevIdpSignIn): Promise<DevIdpTokens> {
  const issuer = `${options.idpUrl.replace(/\/+$/, '')}/${options.issuerPath}`;
  const discoveryResponse = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!discoveryResponse.ok) throw new Error(`discovery at ${issuer} answered ${discoveryResponse.status}`);
  const discovery = (await discoveryResponse.json()) as { authorization_endpoint: string; token_endpoint: string; issuer: string };

  const verifier = b64url(randomBytes(32));
  const state = b64url(randomBytes(16));
  const nonce = b64url(randomBytes(16));
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    scope: options.scope ?? 'openid profile',
    redirect_uri: options.redirectUri,
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(options.resource ? { resource: options.resource } : {}),
  }).toString();

  const jar = new CookieJar();
  const request = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const cookie = jar.header(url);
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    jar.store(response);
    return response;
  };
  /** Follows redirects until an answer that is not one, or a redirect to `redirectUri` (returned, not followed). */
  const follow = async (first: Response, firstUrl: URL): Promise<{ response: Response; url: URL }> => {
    let response = first;
    let url = firstUrl;
    for (let hops = 0; hops < 20; hops++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url };
      url = new URL(location, url);
      if (url.href.startsWith(options.redirectUri)) return { response, url };
      response = await request(url);
    }
    throw new Error('too many redirects at the dev IdP');
  };

  let step = await follow(await request(authorize), authorize);
  if (!step.url.href.startsWith(options.redirectUri)) {
    const html = await step.response.text();
    if (step.response.status !== 200) throw new Error(`authorization request answered ${step.response.status} at ${step.url.href}: ${html.slice(0, 500)}`);
    const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
    if (!action) throw new Error(`no login form at ${step.url.href}`);
    const loginUrl = new URL(action.replace(/&amp;/g, '&'), step.url);
    const login = await request(loginUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: options.username, password: options.password }).toString(),
    });
    if (login.status === 401) throw new Error(`the dev IdP refused the sign-in of ${options.username} at ${issuer} (401)`);
    step = await follow(login, loginUrl);
  }
  if (!step.url.href.startsWith(options.redirectUri)) {
    throw new Error(`the sign-in did not come back to ${options.redirectUri}: ${step.response.status} at ${step.url.href}`);
  }
  const params = step.url.searchParams;
  if (params.get('error')) throw new Error(`the dev IdP answered ${params.get('error')}: ${params.get('error_description') ?? ''}`);
  if (params.get('state') !== state) throw new Error('the state came back changed');
  if (params.get('iss') !== null && params.get('iss') !== discovery.issuer) throw new Error(`the iss came back as ${params.get('iss')}`);
  const code = params.get('code');
  if (!code) throw new Error(`no code in ${step.url.href}`);

  const post = options.clientAuth === 'post';
  const tokenResponse = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(post ? {} : { authorization: `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}` }),
    },
    body: new URLSearchParams({
      ...(post ? { client_id: options.clientId, client_secret: options.clientSecret } : {}),
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
      code_verifier: verifier,
      ...(options.resource ? { resource: options.resource } : {}),
    }).toString(),
  });
  const body = (await tokenResponse.json()) as { access_token?: string; id_token?: string; error?: string; error_description?: string };
  if (!tokenResponse.ok || !body.access_token || !body.id_token) {
    throw new Error(`token endpoint answered ${tokenResponse.status}: ${body.error ?? ''} ${body.error_description ?? ''}`);
  }
  const idTokenClaims = decodePayload(body.id_token);
  if (idTokenClaims['nonce'] !== nonce) throw new Error('the ID token carries another nonce');
  return { accessToken: body.access_token, idToken: body.id_token, claims: decodePayload(body.access_token), idTokenClaims };
}

export interface DevIdpProcess {
  /** DEV_IDP_URL of this process, e.g. http://127.0.0.1:4990. */
  readonly url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, and waits until it has exited. */
  stop(): Promise<void>;
}

/**
 * Runs deploy/local/dev-idp.mts as a child process on `port` with its keys under `localDir` (a test's own temporary
 * folder), and resolves once /ale's discovery document answers.
 */
export async function startDevIdp(options: { port: number; localDir: string; redirectUris: readonly string[]; env?: Record<string, string> }): Promise<DevIdpProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, [join(root, 'deploy/local/dev-idp.mts')], {
    env: {
      ...process.env,
      DEV_IDP_PORT: String(options.port),
      DEV_IDP_URL: url,
      LOCAL_DIR: options.localDir,
      DEV_IDP_REDIRECT_URIS: options.redirectUris.join(','),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitFor(`the dev IdP on ${url}`, async () => {
      if (child.exitCode !== null) throw new Error(`dev-idp.mts exited with code ${child.exitCode}: ${output.slice(-1000)}`);
      const res = await fetch(`${url}/ale/.well-known/openid-configuration`);
      return res.ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => output, stop };
}
