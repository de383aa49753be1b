import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { TestPerson, TokenOptions } from './test-issuer';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** The IdP groups of the shipped `municipalities/<id>/identity.yaml` files. */
export const IDP_GROUPS = {
  coordinator: 'trygg-samordnare',
  'municipal-role': 'folkhalsostrateg',
  'data-protection-officer': 'dataskyddsombud',
  admin: 'trygg-admin',
  reviewer: 'bra-granskare',
  'police-officer': 'kommunpolis',
  'protected-identity': 'skyddad-identitet-behorig',
} as const;

/**
 * The identity providers of the shipped municipalities, for tests that run services as processes: one server on
 * 127.0.0.1 serving an issuer at any path (`/ale`, `/lilla-edet`, `/trollhattan`, `/polisen`, …), each with its own
 * RS256 key. Start the services with `DEV_IDP_URL=<baseUrl>` — identity.yaml names `${DEV_IDP_URL}/<path>` as the
 * issuer — and they trust exactly these issuers; then call them with `authorization: Bearer <token>`.
 */
export class TestIdp {
  private readonly keys = new Map<string, { privateKey: Key; jwk: JWK }>();
  private baseUrl = '';

  private constructor(private readonly server: Server) {}

  static async start(): Promise<TestIdp> {
    const holder: { idp?: TestIdp } = {};
    const server = createServer((req, res) => {
      const idp = holder.idp;
      void (async () => {
        const match = /^\/([a-z0-9-]+)\/(\.well-known\/openid-configuration|jwks)$/.exec(req.url ?? '');
        if (!match || !idp) {
          res.writeHead(404);
          res.end();
          return;
        }
        const path = match[1]!;
        const key = await idp.keyOf(path);
        const issuer = idp.issuer(path);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(match[2] === 'jwks' ? { keys: [key.jwk] } : { issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] }));
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const idp = new TestIdp(server);
    idp.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    holder.idp = idp;
    return idp;
  }

  /** What to give the services as `DEV_IDP_URL`. */
  get url(): string {
    return this.baseUrl;
  }

  issuer(path: string): string {
    return `${this.baseUrl}/${path}`;
  }

  private async keyOf(path: string): Promise<{ privateKey: Key; jwk: JWK }> {
    let key = this.keys.get(path);
    if (!key) {
      const pair = await generateKeyPair('RS256');
      key = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid: `test-${path}`, alg: 'RS256', use: 'sig' } };
      this.keys.set(path, key);
    }
    return key;
  }

  /** An access token from the issuer at `path` (e.g. `ale`, `polisen`) for `person`. */
  async token(path: string, person: TestPerson, options: Pick<TokenOptions, 'expiresIn' | 'audience'> = {}): Promise<string> {
    const { sub, ...claims } = person;
    const key = await this.keyOf(path);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: `test-${path}`, typ: 'at+jwt' })
      .setSubject(sub)
      .setIssuer(this.issuer(path))
      .setAudience(options.audience ?? 'trygg-samverkan-api')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '15m')
      .sign(key.privateKey);
  }

  /** `authorization` header of a coordinator of municipality `m` (signed in at `m`'s own IdP). */
  async coordinator(m: string, sub = `samordnare.${m}`, extraGroups: string[] = []): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.token(m, { sub, name: `Samordnare ${m}`, groups: [IDP_GROUPS.coordinator, ...extraGroups] })}` };
  }

  /** `authorization` header of a police officer of police area `area` (signed in at the police's IdP). */
  async officer(area: string, sub = `polis.${area}`): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.token('polisen', { sub, name: `Polis ${area}`, groups: [IDP_GROUPS['police-officer']], police_area: area })}` };
  }

  /** `authorization` header of someone of municipality `m` with the given IdP groups. */
  async staff(m: string, groups: string[], sub = `staff.${m}`): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.token(m, { sub, name: sub, groups })}` };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
