import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { mongoUrl, ServiceProcess, TestIdp, testMongo } from '@trygg/testing';
import { formSession } from './browser';
import { coordinatorCookie, TEST_SESSION_SECRET } from './signed-in';

// The coordinator's sign and import pages against the REAL enrolment service (a process on the shared
// FerretDB/Kafka), through plain HTTP form posts with the CSRF token: proves the web speaks enrolment's actual API
// (services/enrolment/API.md) — the import's dry run and its rejected rows, the import run twice, a sign recorded
// for the imported active group, the 409 "only active groups" for a forming one, a member's damage report on the
// replacement list, and marking it replaced. The browser, keyboard and axe checks of these pages run against the
// fake (pages-accessibility.int-spec.ts, staff-keyboard.int-spec.ts). The coordinator is signed in: enrolment trusts
// the test's identity providers (TestIdp, as DEV_IDP_URL), the web gets her session cookie with her access token.

const ports = { web: 3910, enrolment: 3911 };
const database = 'wb2_web_staff_enrolment';
const linksSecret = `wb2-links-${randomUUID()}`;
const webUrl = `http://127.0.0.1:${ports.web}`;
const enrolmentUrl = `http://127.0.0.1:${ports.enrolment}`;

let idp: TestIdp;
const enrolment = (idpUrl: string) => new ServiceProcess({
  service: 'enrolment',
  port: ports.enrolment,
  env: {
    MONGO_URL: mongoUrl(database),
    WEB_PUBLIC_URL: webUrl,
    DEV_IDP_URL: idpUrl,
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: linksSecret,
    CONSUMER_GROUP: `wb2-web-staff-${randomUUID().slice(0, 8)}`,
    CONSUMER_FROM_BEGINNING: 'false',
    LOG_LEVEL: 'warn',
  },
});
const web = (idpUrl: string) => new ServiceProcess({
  service: 'web',
  port: ports.web,
  env: { ENROLMENT_URL: enrolmentUrl, DEV_IDP_URL: idpUrl, WEB_SESSION_SECRET: TEST_SESSION_SECRET, RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'warn' },
});
let processes: ServiceProcess[] = [];

jest.setTimeout(60_000);

interface StaffGroup {
  id: string;
  name: string;
  status: string;
  members: Array<{ personId: string; name: string }>;
  signs: Array<{ id: string; place: string; putUpAt: string | null; condition: string }>;
}

describe('the coordinator\'s sign and import pages with the real enrolment service', () => {
  let client: mongo.MongoClient;
  let session: { cookie: string; token: string };
  let coordinator: { authorization: string };
  let signedIn: string;
  const tag = randomUUID().slice(0, 6);
  const activeName = `Importgrupp ${tag}`;
  const formingName = `Startande ${tag}`;

  beforeAll(async () => {
    client = await testMongo();
    await client.db(database).dropDatabase(); // our own database only (prefix wb2_)
    idp = await TestIdp.start();
    processes = [enrolment(idp.url), web(idp.url)];
    await Promise.all(processes.map((p) => p.start()));
    coordinator = await idp.coordinator('ale');
    signedIn = coordinatorCookie('ale', coordinator.authorization.replace('Bearer ', ''));
    session = await formSession(`${webUrl}/ale/samordnare/import`, signedIn);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await idp?.close();
    await client?.close();
  }, 60_000);

  const postForm = (path: string, fields: Record<string, string>) =>
    fetch(`${webUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
      body: new URLSearchParams({ _csrf: session.token, ...fields }).toString(),
    });

  const staff = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${enrolmentUrl}/staff/ale${path}`, { headers: coordinator });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  const groupNamed = async (name: string): Promise<StaffGroup> => {
    const { groups } = await staff<{ groups: Array<{ id: string; name: string }> }>('/groups');
    const summary = groups.find((g) => g.name === name);
    if (!summary) throw new Error(`no group ${name}`);
    return staff<StaffGroup>(`/groups/${summary.id}`);
  };

  const csv = [
    'omrade;grupp;roll;namn;epost;mobil;gata;nummer;postnummer;ort',
    `Nödinge centrum;${activeName};kontaktombud;Kim Kontakt;kim-${tag}@wb2.example;;Göta älvs väg;1;449 30;Nödinge`,
    `nodinge-centrum;${activeName};medlem;Mia Medlem;mia-${tag}@wb2.example;;Göta älvs väg;3;449 30;Nödinge`,
    `Atlantis;${activeName};medlem;Sam Sjunken;sam-${tag}@wb2.example;;Havsgatan;5;449 30;Nödinge`,
    `Nödinge centrum;${formingName};medlem;Fia Forming;fia-${tag}@wb2.example;;Göta älvs väg;9;449 30;Nödinge`,
  ].join('\n');

  it('dry run: reports the rejected row by number and reason, writes nothing; the import then runs, and again creates nothing', async () => {
    const dry = await postForm('/ale/samordnare/import', { csv });
    const dryHtml = await dry.text();
    expect(dry.status).toBe(200);
    expect(dryHtml).toContain('3 rader kan importeras, 1 rader avvisas.');
    const rejected = /<table class="govuk-table" id="rejected">([\s\S]*?)<\/table>/.exec(dryHtml)?.[1] ?? '';
    expect(rejected).toMatch(/<th scope="row"[^>]*>4<\/th>/);
    expect(rejected).toContain('Atlantis');
    expect((await staff<{ groups: Array<{ name: string }> }>('/groups')).groups.map((g) => g.name)).not.toContain(activeName);

    const run = await postForm('/ale/samordnare/import/genomfor', { csv });
    const runHtml = await run.text();
    expect(run.status).toBe(200);
    expect(runHtml).toContain('Importen är klar');
    expect(runHtml).toContain('Skapade 2 grupper, 3 medlemmar och 1 kontaktombud.');

    const again = await (await postForm('/ale/samordnare/import/genomfor', { csv })).text();
    expect(again).toContain('Skapade 0 grupper, 0 medlemmar och 0 kontaktombud. 3 rader fanns redan');
    expect((await groupNamed(activeName)).members).toHaveLength(2);
  });

  it('records a sign for the imported active group; a forming group gets the 409 "only active groups" message', async () => {
    const active = await groupNamed(activeName);
    expect(active.status).toBe('active');
    const added = await postForm(`/ale/samordnare/grupper/${active.id}/skyltar`, { place: 'Vid infarten', putUpAt: '2026-11-20' });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`/ale/samordnare/grupper/${active.id}?klart=skylt#skyltar`);
    expect((await groupNamed(activeName)).signs).toMatchObject([{ place: 'Vid infarten', putUpAt: '2026-11-20', condition: 'ok' }]);
    expect(await (await fetch(`${webUrl}/ale/samordnare/grupper/${active.id}`, { headers: { cookie: signedIn } })).text()).toContain('Vid infarten');

    const invalid = await postForm(`/ale/samordnare/grupper/${active.id}/skyltar`, { place: '', putUpAt: '2026-13-01' });
    expect(invalid.status).toBe(400);

    const forming = await groupNamed(formingName);
    expect(forming.status).not.toBe('active');
    const refused = await postForm(`/ale/samordnare/grupper/${forming.id}/skyltar`, { place: 'Vid lekplatsen' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Skyltar beställs bara för aktiva grupper');
    expect((await groupNamed(formingName)).signs ?? []).toEqual([]);
  });

  it('a member\'s damage report puts the sign on the replacement list; "Markera som ersatt" takes it off', async () => {
    const group = await groupNamed(activeName);
    const sign = group.signs[0]!;
    const link = await fetch(`${enrolmentUrl}/internal/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${linksSecret}`, 'x-internal-caller': 'notifications' },
      body: JSON.stringify({ kind: 'self-service', personId: group.members.find((m) => m.name === 'Mia Medlem')!.personId }),
    });
    expect(link.status).toBe(200);
    const token = new URL(((await link.json()) as { url: string }).url).pathname.split('/').at(-1)!;
    const reported = await postForm(`/ale/mina-uppgifter/${token}/skylt/${sign.id}`, { kind: 'missing', note: 'Borta sedan i helgen' });
    expect(reported.status).toBeLessThan(400);

    const list = await (await fetch(`${webUrl}/ale/samordnare/skyltar`, { headers: { cookie: signedIn } })).text();
    expect(list).toContain('Vid infarten');
    expect(list).toContain('Borta sedan i helgen');
    expect(list).toContain(`/ale/samordnare/grupper/${group.id}/skyltar/${sign.id}/ersatt`);

    const repaired = await postForm(`/ale/samordnare/grupper/${group.id}/skyltar/${sign.id}/ersatt`, {});
    expect(repaired.status).toBe(303);
    expect(repaired.headers.get('location')).toBe('/ale/samordnare/skyltar?klart=ersatt');
    const after = await (await fetch(`${webUrl}/ale/samordnare/skyltar?klart=ersatt`, { headers: { cookie: signedIn } })).text();
    expect(after).toContain('Skylten är markerad som ersatt.');
    expect(after).not.toContain('Borta sedan i helgen');
    expect((await groupNamed(activeName)).signs[0]!.condition).toBe('ok');
  });
});
