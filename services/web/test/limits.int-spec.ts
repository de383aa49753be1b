import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { mongoUrl, ServiceProcess, testMongo } from '@trygg/testing';
import { formSession } from './browser';
import { FakeEnrolment } from './fake-enrolment';
import { TEST_SESSION_SECRET } from './signed-in';

// The limits on the public forms as residents meet them, against built processes and the shared Redis:
// - two web instances share one counter per network (a visitor balanced across them gets the limit once, not twice);
// - a start meeting: 30 neighbours register from one wifi through the web and the REAL enrolment, and all 30 are
//   stored; 300 from that one address are not (the web refuses beyond RATE_LIMIT_MAX, default 100);
// - enrolment's own API limits itself where it is served: per network, and per email address, when called directly.
// The web trusts its loopback proxy (TRUST_PROXY default), so `x-forwarded-for` is the client each post comes from;
// the web forwards it to enrolment, which trusts loopback too.

const ports = { webA: 3957, webB: 3958, fake: 3959, meetingWeb: 3960, enrolment: 3961 };
const database = `wb_limits_${randomUUID().slice(0, 8)}`;
const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };
const tag = randomUUID().slice(0, 6);

const fake = new FakeEnrolment(ports.fake, `http://127.0.0.1:${ports.webA}`);
// Two instances of one web: the same Redis and key prefix (ServiceProcess gives this file's processes one).
const sharedEnv = { ENROLMENT_URL: fake.url, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '10', LOG_LEVEL: 'warn' };
const webA = new ServiceProcess({ service: 'web', port: ports.webA, env: sharedEnv });
const webB = new ServiceProcess({ service: 'web', port: ports.webB, env: sharedEnv });

const enrolment = new ServiceProcess({
  service: 'enrolment',
  port: ports.enrolment,
  env: { MONGO_URL: mongoUrl(database), WEB_PUBLIC_URL: `http://127.0.0.1:${ports.meetingWeb}`, CONSUMER_GROUP: `wb-limits-${tag}`, CONSUMER_FROM_BEGINNING: 'false', LOG_LEVEL: 'warn' },
});
// The defaults of RATE_LIMIT_* (100 per network per 10 minutes): what a municipality runs.
const meetingWeb = new ServiceProcess({
  service: 'web',
  port: ports.meetingWeb,
  env: { ENROLMENT_URL: enrolment.url, WEB_SESSION_SECRET: TEST_SESSION_SECRET, LOG_LEVEL: 'warn' },
});

jest.setTimeout(120_000);

function post(url: string, fields: Record<string, string>, client: string, cookie: string): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { ...urlencoded, 'x-forwarded-for': client, cookie }, redirect: 'manual' });
}

/** A different neighbour each time: own name, email and street number. */
const neighbour = (i: number, token: string) => ({
  name: `Granne ${i}`,
  email: `granne-${tag}-${i}@limits.example`,
  street: 'Mötesvägen',
  streetNumber: String(i + 1),
  postcode: '449 30',
  choice: 'join',
  _csrf: token,
});

describe('limits on the public forms', () => {
  let client: mongo.MongoClient;

  beforeAll(async () => {
    client = await testMongo();
    await fake.start();
    await Promise.all([webA.start(), webB.start(), enrolment.start()]);
    await meetingWeb.start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([webA.stop(), webB.stop(), meetingWeb.stop(), enrolment.stop()]);
    await fake.stop();
    await client?.db(database).dropDatabase();
    await client?.close();
  }, 60_000);

  it('counts one network across two web instances: 10 posts in all pass, the 11th is refused by either', async () => {
    const [a, b] = [await formSession(`${webA.url}/ale/grannsamverkan`), await formSession(`${webB.url}/ale/grannsamverkan`)];
    const network = '203.0.113.21';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const [web, session] = i % 2 ? [webB, b] : [webA, a];
      const res = await post(`${web.url}/ale/grannsamverkan`, neighbour(i, session.token), network, session.cookie);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await res.text()).toContain('För många försök');
      }
    }
    expect(statuses).toEqual([...Array<number>(10).fill(303), 429, 429]);
    // Each instance alone would have let 10 through: only 10 reached enrolment.
    expect(fake.received.filter((r) => String((r as { email?: string }).email ?? '').startsWith(`granne-${tag}-`))).toHaveLength(10);
    // Another network is counted on its own.
    expect((await post(`${webB.url}/ale/grannsamverkan`, neighbour(50, b.token), '203.0.113.22', b.cookie)).status).toBe(303);
  });

  it('lets 30 neighbours at a start meeting register from one wifi, and refuses 300 from that address', async () => {
    const session = await formSession(`${meetingWeb.url}/ale/grannsamverkan`);
    const wifi = '198.51.100.30';
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await post(`${meetingWeb.url}/ale/grannsamverkan`, neighbour(100 + i, session.token), wifi, session.cookie)).status);
    expect(statuses).toEqual(Array<number>(30).fill(303));
    const stored = () => client.db(database).collection('registrations').countDocuments({ email: { $regex: `^granne-${tag}-` } });
    expect(await stored()).toBe(30);

    for (let i = 30; i < 300; i++) statuses.push((await post(`${meetingWeb.url}/ale/grannsamverkan`, neighbour(100 + i, session.token), wifi, session.cookie)).status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(100);
    expect(statuses.slice(100).every((s) => s === 429)).toBe(true);
    expect(await stored()).toBe(100);
  });

  it('limits enrolment\'s own API where it is served: per network, and per email address from any network', async () => {
    const form = (i: number, email = `direkt-${tag}-${i}@limits.example`) => ({
      municipalityId: 'ale',
      name: `Direkt ${i}`,
      email,
      address: { street: 'Direktvägen', number: String(i + 1), postcode: '449 30' },
      intent: 'join',
    });
    const call = (body: unknown, network: string) =>
      fetch(`${enrolment.url}/registrations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': network }, body: JSON.stringify(body) });

    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await call(form(i), '192.0.2.77')).status);
    expect(statuses.slice(0, 100).every((s) => s === 202)).toBe(true);
    const refused = await call(form(101), '192.0.2.77');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited' });

    // One email address, five networks, five postal addresses: the 6th is refused (RATE_LIMIT_EMAIL_MAX default 5),
    // with the same answer as for any other limit.
    const email = `samma-${tag}@limits.example`;
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await call(form(200 + i, email), `192.0.2.${90 + i}`)).status);
    expect(answers).toEqual([202, 202, 202, 202, 202, 429]);
  });
});
