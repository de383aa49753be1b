import { randomBytes, randomUUID } from 'node:crypto';
import { ServiceProcess } from '@trygg/testing';
import { formSession } from './browser';
import { FakeEnrolment } from './fake-enrolment';
import { FakePoliceLiaison } from './fake-police-liaison';
import { FakeVolunteers } from './fake-volunteers';
import { coordinatorCookie, officerCookie, TEST_SESSION_SECRET } from './signed-in';

// Abuse protection on the public forms, over plain HTTP against the built web process: CSRF, the honeypot, the
// per-IP rate limit with its Swedish 429 page, security headers, escaping of HTML, and a fuzz test that posts
// random, garbage, huge, unicode and HTML bodies to every form endpoint and asserts that nothing answers 5xx.

const ports = { web: 3621, enrolment: 3622, limited: 3623, police: 3624, volunteers: 3625 };
const web = new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`, POLICE_LIAISON_URL: `http://127.0.0.1:${ports.police}`, VOLUNTEERS_URL: `http://127.0.0.1:${ports.volunteers}`, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '100000', LOG_LEVEL: 'warn' },
});
const limited = new ServiceProcess({
  service: 'web',
  port: ports.limited,
  // Its own counters: the other instance's posts (same Redis, same client address) must not count here.
  env: { ENROLMENT_URL: `http://127.0.0.1:${ports.enrolment}`, RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '600', RATE_LIMIT_EMAIL_MAX: '2', RATE_LIMIT_KEY_PREFIX: `test:limited:${randomUUID().slice(0, 8)}`, WEB_SESSION_SECRET: TEST_SESSION_SECRET, LOG_LEVEL: 'warn' },
});
const fake = new FakeEnrolment(ports.enrolment, web.url);
const police = new FakePoliceLiaison(ports.police);
const walkers = new FakeVolunteers(ports.volunteers);

jest.setTimeout(60_000);

function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers, redirect: 'manual' });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };

describe('abuse protection on the public forms', () => {
  let selfToken: string;
  let groupId: string;
  let signId: string;
  let activityToken: string;
  let activeGroupId: string;
  let activeSignId: string;
  let policeCaseId: string;

  beforeAll(async () => {
    await Promise.all([fake.start(), police.start(), walkers.start()]);
    await Promise.all([web.start(), limited.start()]);
    const target = fake.seed({ municipalityId: 'ale', name: 'Fuzz Target', email: `fuzz-${randomUUID().slice(0, 8)}@web.example`, role: 'contact-person' });
    selfToken = fake.selfServiceTokenFor(target.email);
    groupId = target.groupId!;
    signId = fake.groups.get(groupId)!.signs[0]!.id;
    activityToken = fake.activityTokenFor(groupId);
    const active = fake.addGroup({ municipalityId: 'ale', name: 'Fuzz aktiv', status: 'active', damagedSign: 'Vid fuzzen' });
    activeGroupId = active.id;
    activeSignId = active.signs[0]!.id;
    policeCaseId = police.addCase('trollhattan', 'lpo-trollhattan', 'Fuzz Fallet').id;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([web.stop(), limited.stop()]);
    await Promise.all([fake.stop(), police.stop(), walkers.stop()]);
  }, 30_000);

  const valid = { name: 'Anna', email: 'anna@web.example', street: 'Storgatan', streetNumber: '1', postcode: '44930', choice: 'join' };

  it('refuses a post without a CSRF token, with a token of another cookie, or without the cookie (403 page, nothing sent)', async () => {
    const before = fake.received.length;
    const session = await formSession(`${web.url}/ale/grannsamverkan`);
    const other = await formSession(`${web.url}/ale/grannsamverkan`);
    const answers = await Promise.all([
      post(`${web.url}/ale/grannsamverkan`, form(valid), { ...urlencoded, cookie: session.cookie }),
      post(`${web.url}/ale/grannsamverkan`, form({ ...valid, _csrf: other.token }), { ...urlencoded, cookie: session.cookie }),
      post(`${web.url}/ale/grannsamverkan`, form({ ...valid, _csrf: session.token }), urlencoded),
    ]);
    expect(answers.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(await answers[0]!.text()).toContain('Sidan har gått ut');
    expect(fake.received.length).toBe(before);
    const ok = await post(`${web.url}/ale/grannsamverkan`, form({ ...valid, _csrf: session.token }), { ...urlencoded, cookie: session.cookie });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/ale/grannsamverkan/tack']);
    expect(fake.received.length).toBe(before + 1);
  });

  it('answers a filled honeypot like a success and sends nothing', async () => {
    const before = fake.received.length;
    const session = await formSession(`${web.url}/ale/grannsamverkan`);
    const res = await post(`${web.url}/ale/grannsamverkan`, form({ ...valid, website: 'http://spam.example', _csrf: session.token }), { ...urlencoded, cookie: session.cookie });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/ale/grannsamverkan/tack']);
    expect(fake.received.length).toBe(before);
  });

  it('limits posts per network: the 4th in the window gets 429 with a Swedish page and Retry-After', async () => {
    const session = await formSession(`${limited.url}/ale/grannsamverkan`);
    const statuses: number[] = [];
    // The web trusts its loopback proxy (TRUST_PROXY default): the client is the address it names.
    const client = { 'x-forwarded-for': '198.51.100.61' };
    for (let i = 0; i < 4; i++) {
      const res = await post(`${limited.url}/ale/grannsamverkan`, form({ _csrf: session.token }), { ...urlencoded, ...client, cookie: session.cookie });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(await res.text()).toContain('För många försök');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
    expect((await fetch(`${limited.url}/ale/grannsamverkan`, { headers: client })).status).toBe(200); // reading pages is not limited
    // Another network is not affected.
    const other = await post(`${limited.url}/ale/grannsamverkan`, form({ _csrf: session.token }), { ...urlencoded, 'x-forwarded-for': '198.51.100.62', cookie: session.cookie });
    expect(other.status).toBe(400);
  });

  it('does not count posts of signed-in staff (an office behind one address), and counts the same network without a session', async () => {
    const session = await formSession(`${limited.url}/ale/grannsamverkan`);
    const staff = `${session.cookie}; ${coordinatorCookie('ale', fake.tokenFor('ale'))}`;
    const office = { 'x-forwarded-for': '198.51.100.90' };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await post(`${limited.url}/ale/samordnare/grupper/${activeGroupId}/skyltar`, form({ place: '', _csrf: session.token }), { ...urlencoded, ...office, cookie: staff })).status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    const anonymous: number[] = [];
    for (let i = 0; i < 4; i++) anonymous.push((await post(`${limited.url}/ale/grannsamverkan`, form({ _csrf: session.token }), { ...urlencoded, ...office, cookie: session.cookie })).status);
    expect(anonymous).toEqual([400, 400, 400, 429]);
  });

  it('limits one email address from any network, with the same answer whether the address is known or not', async () => {
    const known = fake.seed({ municipalityId: 'ale', name: 'Känd Person', email: `known-${randomUUID().slice(0, 8)}@web.example`, role: 'member' }).email;
    const unknown = `unknown-${randomUUID().slice(0, 8)}@web.example`;
    const session = await formSession(`${limited.url}/ale/grannsamverkan`);
    const answers: Record<string, Array<{ status: number; location: string | null; page: string }>> = {};
    let network = 70;
    for (const email of [known, unknown]) {
      answers[email] = [];
      for (let i = 0; i < 3; i++) {
        const res = await post(`${limited.url}/ale/grannsamverkan`, form({ ...valid, email, street: `Gata ${i}`, _csrf: session.token }), {
          ...urlencoded,
          'x-forwarded-for': `198.51.100.${network++}`,
          cookie: session.cookie,
        });
        answers[email]!.push({ status: res.status, location: res.headers.get('location'), page: (await res.text()).replace(/<input[^>]*_csrf[^>]*>/g, '') });
      }
    }
    expect(answers[known]!.map((a) => a.status)).toEqual([303, 303, 429]);
    expect(answers[unknown]).toEqual(answers[known]);
    expect(answers[known]![2]!.page).toContain('För många försök');
  });

  it('escapes HTML typed into any field when the page shows it again', async () => {
    const session = await formSession(`${web.url}/ale/grannsamverkan`);
    const res = await post(
      `${web.url}/ale/grannsamverkan`,
      form({ name: '<script>alert(1)</script>', email: '"><img src=x onerror=alert(1)>', street: '</textarea><b>x</b>', _csrf: session.token }),
      { ...urlencoded, cookie: session.cookie },
    );
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>x</b>');
  });

  it('sends security headers: a CSP without scripts, no framing, no referrer, no sniffing; HTML is not cached', async () => {
    const res = await fetch(`${web.url}/ale/grannsamverkan`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('ts_csrf='))).toMatch(/HttpOnly; .*|SameSite=Lax; HttpOnly/);
  });

  it('sends a visitor without a session from the coordinator and police pages to /logga-in', async () => {
    for (const path of ['/ale/samordnare/grupper', '/polis', `/polis/arenden/${randomUUID()}`]) {
      const res = await fetch(`${web.url}${path}`, { redirect: 'manual' });
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/logga-in?orsak=kravs']);
    }
    const post = await fetch(`${web.url}/ale/samordnare/import`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csv=x' });
    expect(post.status).toBe(403); // no CSRF token: refused before sign-in is even asked
  });

  describe('fuzz: no input makes any form endpoint answer 5xx', () => {
    const endpoints = () => [
      '/ale/grannsamverkan',
      '/ale/grannsamverkan/bekrafta/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      `/ale/mina-uppgifter/${selfToken}/andra`,
      `/ale/mina-uppgifter/${selfToken}/lamna`,
      `/ale/mina-uppgifter/not-a-token-but-long-enough-to-try/radera`,
      '/ale/tillganglighet',
      '/tillganglighet',
      `/ale/mina-uppgifter/${selfToken}/skylt/${signId}`,
      `/ale/mina-uppgifter/${selfToken}/grupp/${groupId}/hushall`,
      `/ale/mina-uppgifter/${selfToken}/grupp/${groupId}/hushall/x/ta-bort`,
      `/ale/mina-uppgifter/${selfToken}/grupp/${groupId}/overlamna`,
      `/ale/grannsamverkan/aktiv/${activityToken}`,
      '/ale/samordnare/placera/abc',
      `/ale/samordnare/grupper/${groupId}/skyltar`,
      `/ale/samordnare/grupper/${activeGroupId}/skyltar`,
      `/ale/samordnare/grupper/${activeGroupId}/skyltar/${activeSignId}/ersatt`,
      '/ale/samordnare/grupper/nope/skyltar/nope/ersatt',
      '/ale/samordnare/import',
      '/ale/samordnare/import/genomfor',
      `/polis/arenden/${policeCaseId}/beslut`,
      '/polis/arenden/nope/beslut',
      `/polis/arenden/${policeCaseId}/aterkalla`,
      '/polis/arenden/nope/aterkalla',
      '/auth/logout',
      '/nope/grannsamverkan',
      '/ale/trygghetsvandring',
      '/ale/trygghetsvandring/bekrafta/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      '/nope/trygghetsvandring',
    ];
    const fields = ['name', 'email', 'mobile', 'smsOptIn', 'street', 'streetNumber', 'postcode', 'city', 'choice', 'protectedIdentity', 'website', 'feedback', 'replyEmail', 'confirm', 'groupId', 'notifications', 'areaId', 'kind', 'note', 'toMemberId', 'answer', 'registrationId', 'place', 'putUpAt', 'csv', 'outcome', 'reason', 'birthYear', 'language'];
    const nasty = [
      '',
      ' ',
      '<script>alert(1)</script>',
      '"><svg onload=alert(1)>',
      '\u0000\u0001\u001f',
      '\u202e\u200b\ufeff',
      '😀👨‍👩‍👧‍👦',
      'Åsa Öberg-Ärlig',
      '%00%ff%',
      '{"$gt":""}',
      'a'.repeat(5000),
      '\ud800',
      '../../etc/passwd',
      'yes',
      'join',
      '12345678901234567890',
      '2026-11-20',
      'omrade;grupp;roll;namn\nCentrum;G;medlem;Åsa\n"unterminated;;;',
    ];
    const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;
    // A lone surrogate cannot be percent-encoded as UTF-8: send the bytes of one (invalid UTF-8) instead.
    const encode = (value: string): string => {
      try {
        return encodeURIComponent(value);
      } catch {
        return '%ED%A0%80';
      }
    };

    function randomBody(csrf: string): { body: string | Buffer; type: string } {
      const kind = Math.floor(Math.random() * 8);
      const pairs: string[] = [`_csrf=${encodeURIComponent(csrf)}`];
      const count = 1 + Math.floor(Math.random() * 12);
      for (let i = 0; i < count; i++) {
        const field = pick(fields);
        const key = kind === 1 ? `${field}[${pick(['a', '0', '__proto__', '$where'])}]` : kind === 2 ? `${field}[]` : field;
        pairs.push(`${encodeURIComponent(key)}=${encode(pick(nasty))}`);
      }
      switch (kind) {
        case 3:
          return { body: randomBytes(200 + Math.floor(Math.random() * 3000)), type: 'application/x-www-form-urlencoded' };
        case 4:
          return { body: JSON.stringify({ _csrf: csrf, name: pick(nasty), choice: [1, 2], smsOptIn: { a: 1 } }), type: 'application/json' };
        case 5:
          return { body: `${pairs.join('&')}&${'x'.repeat(150_000)}=1`, type: 'application/x-www-form-urlencoded' };
        case 6:
          return { body: pairs.join('&'), type: pick(['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=koi8-r', 'application/json']) };
        case 7:
          return { body: `${pairs.join('&')}&${Array.from({ length: 1200 }, (_, i) => `p${i}=1`).join('&')}`, type: 'application/x-www-form-urlencoded' };
        default:
          return { body: pairs.join('&'), type: 'application/x-www-form-urlencoded' };
      }
    }

    it('posts 30 random bodies to each form endpoint (with a valid CSRF token) and every answer is < 500', async () => {
      const session = await formSession(`${web.url}/ale/grannsamverkan`);
      // Signed in as Ale's coordinator and as an officer of lpo-trollhattan (two sessions are never sent together by
      // a browser; the first cookie of a name wins, so each endpoint gets the one it needs).
      const staffCookie = `${session.cookie}; ${coordinatorCookie('ale', fake.tokenFor('ale'))}`;
      const officer = `${session.cookie}; ${officerCookie('lpo-trollhattan', police.tokenFor('lpo-trollhattan'))}`;
      const failures: string[] = [];
      const seen = new Map<number, number>();
      for (const endpoint of endpoints()) {
        for (let i = 0; i < 30; i++) {
          const { body, type } = randomBody(session.token);
          const cookie = endpoint.startsWith('/polis') ? officer : endpoint.includes('/samordnare') || endpoint === '/auth/logout' ? staffCookie : session.cookie;
          const res = await post(`${web.url}${endpoint}`, body, { 'content-type': type, cookie });
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${endpoint} ${type} → ${res.status}: ${String(body).slice(0, 120)}`);
          await res.arrayBuffer();
        }
      }
      expect(failures).toEqual([]);
      // The bodies got past the CSRF check to the handlers: validation answers (400) and successes (2xx/3xx) occur.
      expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([400, 403]));
      expect([...seen.keys()].some((status) => status < 400)).toBe(true);
    });

    it('answers random and hostile paths and query strings with < 500', async () => {
      const paths = [
        '/%E0%A4%A',
        '/ale/grannsamverkan?lang[]=en',
        '/ale/grannsamverkan?lang=%ff',
        '/ale/samordnare/grupper?status[$ne]=x&areaId=../../x',
        '/ale/samordnare/grupper/%00',
        '/ale/mina-uppgifter/%2e%2e%2f',
        `/ale/mina-uppgifter/${'A'.repeat(5000)}`,
        '/assets/brand/..%2f..%2fpackage.json',
        '/assets/brand/ale',
        '/<script>',
        '/ale/grannsamverkan/bekrafta/😀',
      ];
      for (const path of paths) {
        const res = await fetch(`${web.url}${path}`);
        expect([path, res.status < 500]).toEqual([path, true]);
      }
    });
  });
});
