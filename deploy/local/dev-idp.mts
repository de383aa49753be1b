// Local development identity provider (OpenID Connect), for development and tests only: one oidc-provider (certified
// OpenID Provider, npm `oidc-provider`) per issuer path on one HTTP port, with seeded people and a password for all.
//
//   node deploy/local/dev-idp.mts        (Node 24: types are stripped, no build step)
//
// Issuers (DEV_IDP_URL, default http://127.0.0.1:4890, + path): /ale, /lilla-edet, /trollhattan (the municipalities'
// staff IdPs) and /polisen (the police's). Each serves the usual OIDC endpoints under its path
// (/<path>/.well-known/openid-configuration, /<path>/jwks, /<path>/auth, /<path>/token, /<path>/session/end, …), its
// own login page at /<path>/interaction/<uid>, and lists its people at /<path>. Also: GET /health → 200
// {"status":"ok"}, GET / → the issuers and their people.
//
// Client `trygg-samverkan` at every issuer: confidential (client_secret_basic or client_secret_post; secret from
// OIDC_CLIENT_SECRET_ALE | _LILLA_EDET | _TROLLHATTAN | _POLICE, local defaults in deploy/local/env.sh), authorization
// code with PKCE (S256) required, redirect URIs from DEV_IDP_REDIRECT_URIS (comma-separated, default
// ${WEB_PUBLIC_URL}/auth/callback, WEB_PUBLIC_URL default http://127.0.0.1:$WEB_PORT), post-logout redirect URIs from DEV_IDP_POST_LOGOUT_REDIRECT_URIS (default
// ${WEB_PUBLIC_URL}/). Consent is granted without asking (first-party client); RP-initiated logout is enabled.
// Access tokens are JWTs (RS256) for the resource `urn:trygg-samverkan:api` (the default resource) with
// aud `trygg-samverkan-api`, carrying `groups`, `name` and, from /polisen, `police_area`; ID tokens carry `name`,
// `groups` (and `police_area`). Scopes `openid profile`.
//
// Signing keys (one RSA key per issuer) and cookie keys are generated at the first start and kept in
// $DEV_IDP_DATA_DIR/keys.json (default $LOCAL_DIR/dev-idp, LOCAL_DIR default .local), so tokens survive a restart;
// sessions and codes are kept in memory. Logs (stdout) one line at start and one per sign-in (or refused attempt).
// Only erasable TypeScript syntax (Node's type stripping): no enums, namespaces or parameter properties.

import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const HOST = process.env.DEV_IDP_HOST ?? '127.0.0.1';
const PORT = Number(process.env.DEV_IDP_PORT ?? 4890);
const BASE_URL = (process.env.DEV_IDP_URL ?? `http://127.0.0.1:${PORT}`).replace(/\/+$/, '');
const WEB_PUBLIC_URL = (process.env.WEB_PUBLIC_URL ?? `http://127.0.0.1:${process.env.WEB_PORT ?? 3000}`).replace(/\/+$/, '');
const DATA_DIR = process.env.DEV_IDP_DATA_DIR ?? path.join(process.env.LOCAL_DIR ?? path.resolve('.local'), 'dev-idp');
const KEYS_FILE = path.join(DATA_DIR, 'keys.json');
const list = (value: string | undefined, fallback: string): string[] =>
  (value ?? fallback).split(',').map((s) => s.trim()).filter((s) => s !== '');
// Besides the web of `make up`, the web the browser sign-in tests start (TEST_WEB_URL, env.sh): so `make test` runs
// beside a running `make up` without either taking the other's port.
const webs = [WEB_PUBLIC_URL, ...(process.env.TEST_WEB_URL ? [process.env.TEST_WEB_URL.replace(/\/+$/, '')] : [])];
const REDIRECT_URIS = list(process.env.DEV_IDP_REDIRECT_URIS, webs.map((w) => `${w}/auth/callback`).join(','));
const POST_LOGOUT_REDIRECT_URIS = list(process.env.DEV_IDP_POST_LOGOUT_REDIRECT_URIS, webs.map((w) => `${w}/`).join(','));

const CLIENT_ID = 'trygg-samverkan';
const RESOURCE = 'urn:trygg-samverkan:api';
const AUDIENCE = 'trygg-samverkan-api';
const PASSWORD = 'trygg-dev';

const log = (msg: string): void => {
  process.stdout.write(`${new Date().toISOString()} [dev-idp] ${msg}\n`);
};

// ---------------------------------------------------------------- issuers and seeded people

interface Person {
  username: string;
  name: string;
  groups: string[];
  /** What the person is, in Swedish, for the login page. */
  role: string;
  policeArea?: string;
}

interface IssuerDef {
  path: string;
  title: string;
  secretEnv: string;
  defaultSecret: string;
  people: Person[];
}

const ISSUERS: IssuerDef[] = [
  {
    path: 'ale',
    title: 'Ale kommun',
    secretEnv: 'OIDC_CLIENT_SECRET_ALE',
    defaultSecret: 'dev-only-oidc-client-secret-ale-0123456789',
    people: [
      { username: 'samordnare.ale', name: 'Åsa Lind', groups: ['trygg-samordnare'], role: 'Samordnare' },
      { username: 'admin', name: 'Adam Berg', groups: ['trygg-admin'], role: 'Administratör (plattformen)' },
      { username: 'dso.ale', name: 'Dina Ek', groups: ['dataskyddsombud'], role: 'Dataskyddsombud' },
      { username: 'bra.ale', name: 'Bertil Ahl', groups: ['lokalt-bra'], role: 'Lokalt BRÅ (läser månadsrapporten)' },
    ],
  },
  {
    path: 'lilla-edet',
    title: 'Lilla Edets kommun',
    secretEnv: 'OIDC_CLIENT_SECRET_LILLA_EDET',
    defaultSecret: 'dev-only-oidc-client-secret-lilla-edet-0123456789',
    people: [
      { username: 'samordnare.lillaedet', name: 'Lars Holm', groups: ['trygg-samordnare'], role: 'Samordnare' },
      { username: 'bra.lillaedet', name: 'Britt Åkesson', groups: ['bra-granskare'], role: 'Granskare i BRÅ-steget' },
      { username: 'andts.lillaedet', name: 'Anders Nyberg', groups: ['andts-samordnare'], role: 'ANDTS-samordnare' },
      { username: 'folkhalsa.lillaedet', name: 'Fatima Ali', groups: ['folkhalsostrateg'], role: 'Folkhälsostrateg' },
      { username: 'sspf.lillaedet', name: 'Sven Palm', groups: ['sspf-koordinator'], role: 'SSPF-koordinator' },
    ],
  },
  {
    path: 'trollhattan',
    title: 'Trollhättans stad',
    secretEnv: 'OIDC_CLIENT_SECRET_TROLLHATTAN',
    defaultSecret: 'dev-only-oidc-client-secret-trollhattan-0123456789',
    people: [
      {
        username: 'samordnare.trollhattan',
        name: 'Tove Strand',
        groups: ['trygg-samordnare', 'skyddad-identitet-behorig'],
        role: 'Samordnare, behörig till skyddade personuppgifter',
      },
      { username: 'folkhalsa.trollhattan', name: 'Tilda Berg', groups: ['folkhalsostrateg'], role: 'Folkhälsostrateg (läser månadsrapporten)' },
    ],
  },
  {
    path: 'polisen',
    title: 'Polisen',
    secretEnv: 'OIDC_CLIENT_SECRET_POLICE',
    defaultSecret: 'dev-only-oidc-client-secret-police-0123456789',
    people: [
      // Police area ids as in municipalities/<id>/municipality.yaml (policeAreas).
      { username: 'polis.trollhattan', name: 'Petra Kvist', groups: ['kommunpolis'], role: 'Kommunpolis', policeArea: 'lpo-trollhattan' },
      { username: 'polis.ale', name: 'Per Sjöberg', groups: ['kommunpolis'], role: 'Kommunpolis', policeArea: 'lpo-ale-kungalv' },
    ],
  },
];

// ---------------------------------------------------------------- keys (kept across restarts)

interface KeysFile {
  cookieKeys: string[];
  signing: Record<string, Record<string, unknown>>;
}

function loadKeys(): KeysFile {
  let stored: Partial<KeysFile> = {};
  if (fs.existsSync(KEYS_FILE)) stored = JSON.parse(fs.readFileSync(KEYS_FILE, 'utf8')) as Partial<KeysFile>;
  const keys: KeysFile = { cookieKeys: stored.cookieKeys ?? [randomBytes(32).toString('base64url')], signing: { ...stored.signing } };
  let changed = !stored.cookieKeys;
  for (const issuer of ISSUERS) {
    if (keys.signing[issuer.path]) continue;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys.signing[issuer.path] = { ...privateKey.export({ format: 'jwk' }), kid: `${issuer.path}-${randomUUID().slice(0, 8)}`, alg: 'RS256', use: 'sig' };
    changed = true;
  }
  if (changed) {
    fs.mkdirSync(DATA_DIR, { recursive: true });
    fs.writeFileSync(`${KEYS_FILE}.tmp`, JSON.stringify(keys, null, 2), { mode: 0o600 });
    fs.renameSync(`${KEYS_FILE}.tmp`, KEYS_FILE);
    log(`generated keys in ${KEYS_FILE}`);
  }
  return keys;
}

// ---------------------------------------------------------------- HTML

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
.dev{background:#fff3cd;border:1px solid #8a6d00;padding:.5rem 1rem}label{display:block;font-weight:600;margin-top:1rem}
input{font-size:1rem;padding:.4rem;width:100%;max-width:22rem;border:1px solid #555}button{font-size:1rem;padding:.4rem 1rem;margin-top:1rem}
table{border-collapse:collapse;margin-top:.5rem}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #ccc;vertical-align:top}
td button{margin:0}.error{color:#a00000;font-weight:600;border-left:4px solid #a00000;padding-left:.5rem}
:focus-visible{outline:3px solid #0050b3;outline-offset:2px}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – utvecklings-IdP</title><style>${STYLE}</style></head>
<body><main>
<p class="dev">Utvecklingsmiljö: den här inloggningen är bara för lokal utveckling och test. Alla har lösenordet <code>${PASSWORD}</code>.</p>
${body}
</main></body></html>`;
}

function peopleTable(issuer: IssuerDef, loginAction?: string): string {
  const rows = issuer.people
    .map((p) => {
      const button = loginAction
        ? `<td><form method="post" action="${esc(loginAction)}"><input type="hidden" name="username" value="${esc(p.username)}"><input type="hidden" name="password" value="${PASSWORD}"><button type="submit">Logga in som ${esc(p.name)}</button></form></td>`
        : '';
      return `<tr><td><code>${esc(p.username)}</code></td><td>${esc(p.name)}</td><td>${esc(p.role)}</td><td>${esc(p.groups.join(', '))}</td>${issuer.path === 'polisen' ? `<td>${esc(p.policeArea ?? '')}</td>` : ''}${button}</tr>`;
    })
    .join('\n');
  return `<table><caption>Testpersoner hos ${esc(issuer.title)}</caption>
<thead><tr><th scope="col">Användarnamn</th><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">Grupper</th>${issuer.path === 'polisen' ? '<th scope="col">Polisområde</th>' : ''}${loginAction ? '<th scope="col"><span>Snabbinloggning</span></th>' : ''}</tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function loginPage(issuer: IssuerDef, uid: string, { error, username }: { error?: string; username?: string } = {}): string {
  const action = `/${issuer.path}/interaction/${encodeURIComponent(uid)}/login`;
  return page(
    `Logga in – ${issuer.title}`,
    `<h1>Logga in hos ${esc(issuer.title)}</h1>
${error ? `<p class="error" role="alert" id="login-error">${esc(error)}</p>` : ''}
<form method="post" action="${esc(action)}"${error ? ' aria-describedby="login-error"' : ''}>
<label for="username">Användarnamn</label>
<input id="username" name="username" autocomplete="username" required value="${esc(username ?? '')}"${error ? ' aria-invalid="true"' : ''}>
<label for="password">Lösenord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${error ? ' aria-invalid="true"' : ''}>
<button type="submit">Logga in</button>
</form>
<form method="post" action="/${esc(issuer.path)}/interaction/${esc(encodeURIComponent(uid))}/abort"><button type="submit">Avbryt</button></form>
<h2>Testpersoner</h2>
${peopleTable(issuer, action)}`,
  );
}

// ---------------------------------------------------------------- providers

interface Mounted {
  def: IssuerDef;
  provider: Provider;
  handle: (req: IncomingMessage, res: ServerResponse) => void;
}

function secretOf(def: IssuerDef): string {
  return process.env[def.secretEnv] ?? def.defaultSecret;
}

function accountClaims(def: IssuerDef, person: Person): Record<string, unknown> {
  return { name: person.name, groups: person.groups, ...(person.policeArea ? { police_area: person.policeArea } : {}) };
}

function makeProvider(def: IssuerDef, keys: KeysFile): Provider {
  const issuer = `${BASE_URL}/${def.path}`;
  const mountPath = new URL(issuer).pathname.replace(/\/$/, '');
  const findPerson = (sub: string): Person | undefined => def.people.find((p) => p.username === sub);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: secretOf(def),
        client_name: 'Trygg Samverkan',
        // client_secret_post is accepted for this method as well (oidc-provider treats the two alike).
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: REDIRECT_URIS,
        post_logout_redirect_uris: POST_LOGOUT_REDIRECT_URIS,
      },
    ],
    jwks: { keys: [keys.signing[def.path]] },
    cookies: {
      keys: keys.cookieKeys,
      // Four issuers share one host: each its own cookie names.
      names: { session: `_session_${def.path}`, interaction: `_interaction_${def.path}`, resume: `_interaction_resume_${def.path}` },
    },
    pkce: { required: () => true },
    // Every claim of the person comes with the scopes below, in the ID token as well (not only from userinfo).
    claims: { openid: ['sub'], profile: ['name', 'groups', 'police_area'] },
    scopes: ['openid', 'profile'],
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => {
      const person = findPerson(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...accountClaims(def, person) }) };
    },
    extraTokenClaims: async (_ctx, token) => {
      const person = 'accountId' in token && typeof token.accountId === 'string' ? findPerson(token.accountId) : undefined;
      return person ? accountClaims(def, person) : undefined;
    },
    // First-party client: consent is granted without asking.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(RESOURCE, 'api');
      await grant.save();
      return grant;
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page(
            `Logga ut – ${def.title}`,
            `<h1>Logga ut från ${esc(def.title)}?</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Ja, logga ut</button>
<button type="submit" form="op.logoutForm">Nej, förbli inloggad</button>`,
          );
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page(`Utloggad – ${def.title}`, `<h1>Du är utloggad från ${esc(def.title)}</h1>`);
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (resourceIndicator !== RESOURCE) throw new errors.InvalidTarget(`unknown resource; this IdP serves only ${RESOURCE}`);
          return { scope: 'api', audience: AUDIENCE, accessTokenTTL: 60 * 60, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    interactions: { url: async (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 8 * 60 * 60,
      Grant: 8 * 60 * 60,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Något gick fel',
        `<h1>Något gick fel</h1><dl>${Object.entries(out)
          .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(String(v))}</dd>`)
          .join('')}</dl>`,
      );
    },
  });
  provider.on('server_error', (_ctx, error) => log(`${def.path}: server error: ${(error as Error).stack ?? String(error)}`));
  return provider;
}

// ---------------------------------------------------------------- interactions (login page)

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 16 * 1024) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY' });
  res.end(html);
}

const passwordMatches = (given: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(PASSWORD);
  return a.length === b.length && timingSafeEqual(a, b);
};

async function interaction(m: Mounted, req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
  const { def, provider } = m;
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (error) {
    sendHtml(res, 400, page('Inloggningen har gått ut', `<h1>Inloggningen har gått ut</h1><p>Börja om från tjänsten du kom från. (${esc((error as Error).message)})</p>`));
    return;
  }
  if (details.uid !== uid) {
    sendHtml(res, 400, page('Fel inloggning', '<h1>Den här inloggningen hör till en annan flik eller har gått ut</h1><p>Börja om från tjänsten du kom från.</p>'));
    return;
  }
  if (req.method === 'GET' && action === undefined) {
    if (details.prompt.name === 'login') {
      sendHtml(res, 200, loginPage(def, uid));
      return;
    }
    // Consent is never asked (loadExistingGrant grants it); any other prompt is finished with what is granted.
    await provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
    return;
  }
  if (req.method === 'POST' && action === 'abort') {
    log(`${def.path}: sign-in cancelled`);
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Inloggningen avbröts' }, { mergeWithLastSubmission: false });
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const username = (form.get('username') ?? '').trim();
    const person = def.people.find((p) => p.username === username);
    if (!person || !passwordMatches(form.get('password') ?? '')) {
      log(`${def.path}: sign-in refused for "${username.slice(0, 64)}" (${person ? 'wrong password' : 'unknown user'})`);
      sendHtml(res, 401, loginPage(def, uid, { error: 'Fel användarnamn eller lösenord.', username }));
      return;
    }
    log(`${def.path}: ${person.username} (${person.name}; ${person.groups.join(', ')}${person.policeArea ? `; ${person.policeArea}` : ''}) signed in for ${String(details.params.client_id)}`);
    await provider.interactionFinished(req, res, { login: { accountId: person.username } }, { mergeWithLastSubmission: false });
    return;
  }
  res.writeHead(405, { allow: 'GET, POST' }).end();
}

// ---------------------------------------------------------------- HTTP

const keys = loadKeys();
const mounted = new Map<string, Mounted>();
for (const def of ISSUERS) {
  const provider = makeProvider(def, keys);
  mounted.set(def.path, { def, provider, handle: provider.callback() });
}

function indexPage(): string {
  return page(
    'Utvecklings-IdP',
    `<h1>Lokal identitetsleverantör (OpenID Connect)</h1>
<p>Klient <code>${CLIENT_ID}</code>, omdirigering till ${REDIRECT_URIS.map((u) => `<code>${esc(u)}</code>`).join(', ')}.</p>
${ISSUERS.map((d) => `<h2>${esc(d.title)}</h2><p>Utfärdare <code>${esc(`${BASE_URL}/${d.path}`)}</code> (<a href="/${d.path}/.well-known/openid-configuration">metadata</a>)</p>${peopleTable(d)}`).join('\n')}`,
  );
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://dev-idp.invalid');
  if (url.pathname === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  if (url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
    sendHtml(res, 200, indexPage());
    return;
  }
  const match = /^\/([a-z-]+)(\/.*)?$/.exec(url.pathname);
  const m = match ? mounted.get(match[1]!) : undefined;
  if (!match || !m) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
    return;
  }
  const rest = match[2] ?? '/';
  if (rest === '/' && req.method === 'GET') {
    sendHtml(res, 200, page(m.def.title, `<h1>${esc(m.def.title)}</h1><p>Utfärdare <code>${esc(`${BASE_URL}/${m.def.path}`)}</code></p>${peopleTable(m.def)}`));
    return;
  }
  const inter = /^\/interaction\/([^/]+)(?:\/(login|abort))?$/.exec(rest);
  if (inter) {
    interaction(m, req, res, decodeURIComponent(inter[1]!), inter[2]).catch((error: unknown) => {
      log(`${m.def.path}: interaction failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendHtml(res, 500, page('Något gick fel', '<h1>Något gick fel</h1><p>Börja om från tjänsten du kom från.</p>'));
      else res.end();
    });
    return;
  }
  // oidc-provider sees its own routes; `originalUrl` tells it the path it is mounted on (for the URLs it writes).
  (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
  req.url = rest + url.search;
  m.handle(req, res);
});

server.listen(PORT, HOST, () => {
  log(`listening on http://${HOST}:${PORT}; issuers ${ISSUERS.map((d) => `${BASE_URL}/${d.path}`).join(', ')}; redirect URIs ${REDIRECT_URIS.join(', ')}`);
});

const stop = (signal: string): void => {
  log(`${signal}: stopping`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
