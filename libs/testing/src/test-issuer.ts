import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT, UnsecuredJWT } from 'jose';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface TestPerson {
  sub: string;
  name?: string;
  groups?: string[];
  police_area?: string;
  [claim: string]: unknown;
}

export interface TokenOptions {
  /** jose time span or seconds from now; a negative span (`'-1h'`) gives an expired token. Default `'5m'`. */
  expiresIn?: string | number;
  /** Default `trygg-samverkan-api`. */
  audience?: string;
  /** Default this issuer. */
  issuer?: string;
  /** `none` gives an unsigned token; otherwise RS256 (the only key type served). */
  alg?: 'none' | 'RS256';
  /** Signs with a key the JWKS does not serve. */
  otherKey?: boolean;
}

/**
 * An OpenID provider for tests, in process: serves `<issuer>/.well-known/openid-configuration` and the JWKS of a
 * generated RS256 key on 127.0.0.1, and mints access tokens for a person — also expired, wrong-audience,
 * wrong-issuer, other-key and `alg: none` ones. `TestIssuer.start('/polisen')`: issuer `http://127.0.0.1:<port>/polisen`.
 */
export class TestIssuer {
  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    readonly issuer: string,
    private readonly key: Key,
    private readonly other: Key,
    readonly audience: string,
  ) {}

  static async start(path = '', audience = 'trygg-samverkan-api'): Promise<TestIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    let issuer = '';
    const server = createServer((req, res) => {
      const url = req.url ?? '';
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url === `${path}/.well-known/openid-configuration`) send({ issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
      else if (url === `${path}/jwks`) send({ keys: [jwk] });
      else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    issuer = `${baseUrl}${path}`;
    return new TestIssuer(server, baseUrl, issuer, privateKey, other.privateKey, audience);
  }

  /** An access token for `person` (claims `sub`, `name`, `groups`, `police_area`… as given). */
  async token(person: TestPerson, options: TokenOptions = {}): Promise<string> {
    const { sub, ...claims } = person;
    const expiresIn = options.expiresIn ?? '5m';
    const exp = typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn;
    if (options.alg === 'none') {
      return new UnsecuredJWT(claims).setSubject(sub).setIssuer(options.issuer ?? this.issuer).setAudience(options.audience ?? this.audience).setIssuedAt().setExpirationTime(exp).encode();
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'at+jwt' })
      .setSubject(sub)
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(options.otherKey ? this.other : this.key);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
