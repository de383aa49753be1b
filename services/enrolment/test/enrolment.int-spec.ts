import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, OnboardingCompletedV1 } from '@trygg/contracts';
import { mongoUrl, produceRaw, ServiceProcess, testKafka, testMongo, TopicReader, waitFor, TestIdp } from '@trygg/testing';

// enrolment as a real process (dist/) on the shared FerretDB and Kafka: the flows that cross the database and the
// broker. Isolated by its own database, consumer group and unique emails; ports 3500–3599 (this team's range).

const run = randomUUID().slice(0, 8);
const database = `enr_it_${run}`;
const INTERNAL = `enr-internal-${randomUUID()}`;
/** notifications asking for links, with its secret (INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS). */
const NOTIFICATIONS = { authorization: `Bearer ${INTERNAL}`, 'x-internal-caller': 'notifications' };
let idp: TestIdp;
const enrolment = new ServiceProcess({
  service: 'enrolment',
  port: 3510,
  env: {
    MONGO_URL: mongoUrl(database),
    CONSUMER_GROUP: `enr-it-${run}`,
    CONSUMER_FROM_BEGINNING: 'false',
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: INTERNAL,
    // Read when the process starts (after beforeAll started the IdP): identity.yaml's issuers are under it.
    get DEV_IDP_URL() {
      return idp.url;
    },
    WEB_PUBLIC_URL: 'http://127.0.0.1:3599',
    // One confirmation mail per address per 2 s (default 300): long enough that a repeat right away is held back,
    // short enough to see it sent again.
    CONFIRMATION_MAIL_INTERVAL_SECONDS: '2',
    LOG_LEVEL: 'warn',
  },
});
const kafka = testKafka();
const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@enr.example`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes, asserted with toMatchObject
type Json = any;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; raw: Buffer; headers: Headers }> {
  const res = await fetch(`${enrolment.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const raw = Buffer.from(await res.arrayBuffer());
  const text = raw.toString('utf8');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (CSV)
  }
  return { status: res.status, body: parsed, raw, headers: res.headers };
}
const staff = async (method: string, path: string, body?: unknown) => call(method, `/staff/ale${path}`, body, await idp.coordinator('ale'));
const link = (body: unknown) => call('POST', '/internal/links', body, NOTIFICATIONS);
const tokenOf = (url: string) => url.split('/').at(-1)!;

const form = (address: { street: string; number: string; postcode: string }, overrides: Record<string, unknown> = {}) => ({
  municipalityId: 'ale',
  name: 'Anna Andersson',
  email: email('anna'),
  address,
  intent: 'join',
  ...overrides,
});

describe('enrolment against FerretDB and Kafka', () => {
  let client: mongo.MongoClient;
  const readers: Record<string, TopicReader> = {};
  const topics = ['enrolment.registration-submitted.v1', 'enrolment.registration-confirmed.v1', 'enrolment.member-joined.v1', 'enrolment.contact-person-nominated.v1', 'enrolment.group-activated.v1', 'enrolment.group-status-changed.v1'];
  /** Other teams' tests put poison messages on shared topics: anything unreadable is simply not ours. */
  const payloadOf = (m: { value: Buffer | null }): Record<string, unknown> => {
    try {
      return (JSON.parse(m.value?.toString('utf8') ?? 'null')?.payload ?? {}) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const registrationBy = (address: string) => client.db(database).collection('registrations').findOne({ email: address });

  beforeAll(async () => {
    idp = await TestIdp.start();
    client = await testMongo();
    await Promise.all([enrolment.start(), ...topics.map(async (t) => (readers[t] = await new TopicReader(kafka, t).start()))]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([enrolment.stop(), ...Object.values(readers).map((r) => r.stop())]);
    await client.db(database).dropDatabase();
    await client.close();
    await idp.close();
  }, 60_000);

  it('confirms, places, nominates, and activates the group when onboarding approves the contact person', async () => {
    const address = email('kim');
    const submitted = await call('POST', '/registrations', form({ street: 'Göta älvs väg', number: '7', postcode: '449 30' }, { email: address, intent: 'contact-person', name: 'Kim Kontakt' }));
    expect(submitted).toMatchObject({ status: 202, body: { status: 'submitted' } });
    const registration = await waitFor('the stored registration', async () => (await registrationBy(address)) ?? undefined);
    await readers['enrolment.registration-submitted.v1']!.waitFor('registration-submitted', (m) => payloadOf(m)['registrationId'] === registration._id);

    const issued = await link({ kind: 'confirmation', registrationId: registration._id });
    expect(issued.body.url).toMatch(/^http:\/\/127\.0\.0\.1:3599\/ale\/grannsamverkan\/bekrafta\//);
    const stored = await client.db(database).collection('link_tokens').findOne({ registrationId: registration._id });
    expect(JSON.stringify(stored)).not.toContain(tokenOf(issued.body.url));

    const confirmed = await call('POST', '/confirmations', { municipalityId: 'ale', token: tokenOf(issued.body.url) });
    expect(confirmed).toMatchObject({ status: 200, body: { status: 'confirmed', placement: { kind: 'placed', area: { id: 'nodinge-centrum' }, group: { status: 'awaiting-approval' } } } });
    const groupId = confirmed.body.placement.group.id as string;

    const joined = await readers['enrolment.member-joined.v1']!.waitFor('member-joined', (m) => payloadOf(m)['personId'] === registration.personId);
    expect(payloadOf(joined)).toMatchObject({ groupId, areaId: 'nodinge-centrum' });
    await readers['enrolment.registration-confirmed.v1']!.waitFor('registration-confirmed', (m) => payloadOf(m)['registrationId'] === registration._id);
    const nomination = payloadOf(await readers['enrolment.contact-person-nominated.v1']!.waitFor('nomination', (m) => payloadOf(m)['groupId'] === groupId));
    expect(nomination).toMatchObject({ policeAreaId: 'lpo-ale-kungalv', subjectFields: { name: 'Kim Kontakt' } });

    // What onboarding would publish after the police approved the contact person.
    const completed = createEvent(
      OnboardingCompletedV1,
      { municipalityId: 'ale', correlationId: `enr-it-${run}` },
      {
        instanceId: randomUUID(),
        processId: 'ale/contact-person',
        processVersion: 1,
        subject: { kind: 'contact-person', id: nomination['nominationId'] as string, personId: registration.personId },
        outcome: 'approved',
        decidingStepId: 'agreement',
        reason: null,
      },
    );
    const message = { key: completed.payload.instanceId, value: JSON.stringify(completed) };
    await produceRaw(kafka, OnboardingCompletedV1.type, [message, message]); // delivered twice: applied once

    const activated = await readers['enrolment.group-activated.v1']!.waitFor('group-activated', (m) => payloadOf(m)['groupId'] === groupId);
    expect(payloadOf(activated)).toEqual({ groupId, areaId: 'nodinge-centrum', contactPersonId: registration.personId, groupName: 'Nödinge centrum 1' });
    const page = await waitFor('the active group', async () => {
      const res = await staff('GET', `/groups/${groupId}`);
      return res.body.status === 'active' ? res.body : undefined;
    });
    expect(page).toMatchObject({ contactPerson: { personId: registration.personId, name: 'Kim Kontakt' }, waitingForPolice: false });
    expect(readers['enrolment.group-activated.v1']!.matching((m) => payloadOf(m)['groupId'] === groupId)).toHaveLength(1);
    // Issue 14: the group's snapshot for police-liaison, from the same write's outbox — created (forming), a nomination
    // waiting (awaiting-approval), active with its contact person.
    const active = await readers['enrolment.group-status-changed.v1']!.waitFor('the active snapshot', (m) => payloadOf(m)['groupId'] === groupId && payloadOf(m)['status'] === 'active');
    expect(payloadOf(active)).toEqual({ groupId, areaId: 'nodinge-centrum', status: 'active', contactPersonIds: [registration.personId] });
    const statuses = readers['enrolment.group-status-changed.v1']!.matching((m) => payloadOf(m)['groupId'] === groupId).map((m) => payloadOf(m)['status']);
    expect(statuses.length).toBeGreaterThanOrEqual(2); // the group's creation, then each change
    expect(statuses.filter((s) => s === 'active')).toHaveLength(1); // the duplicate onboarding.completed wrote nothing
  }, 60_000);

  it('keeps one registration for a repeated form; its confirmation goes out again only after the mail interval', async () => {
    const address = email('twice');
    const body = form({ street: 'Backavägen', number: '2', postcode: '449 31' }, { email: address });
    const [first, second] = [await call('POST', '/registrations', body), await call('POST', '/registrations', { ...body, email: address.toUpperCase() })];
    expect(first.body).toEqual(second.body);
    expect(await client.db(database).collection('registrations').countDocuments({ email: address })).toBe(1);
    const registration = (await registrationBy(address))!;
    const events = () => readers['enrolment.registration-submitted.v1']!.matching((m) => payloadOf(m)['registrationId'] === registration._id);
    await waitFor('the first registration-submitted event', () => (events().length >= 1 ? true : undefined));
    // The repeat within the interval (same answer) sent nothing: still one event once the first has arrived.
    expect(events()).toHaveLength(1);
    const started = Date.now();
    await waitFor('the form sent again after the interval to mail the confirmation again', async () => {
      if (Date.now() - started < 2_100) return undefined;
      if (events().length < 2) await call('POST', '/registrations', body);
      return events().length === 2 ? true : undefined;
    }, { intervalMs: 500 });
  }, 30_000);

  it('uses a confirmation link once, and refuses it once expired', async () => {
    const address = email('once');
    await call('POST', '/registrations', form({ street: 'Kyrkvägen', number: '4', postcode: '446 37' }, { email: address }));
    const registration = (await registrationBy(address))!;
    const first = tokenOf((await link({ kind: 'confirmation', registrationId: registration._id })).body.url);
    const second = tokenOf((await link({ kind: 'confirmation', registrationId: registration._id })).body.url);
    // The second link expires before it is used (the clock moved on: set its expiry in the past).
    await client.db(database).collection('link_tokens').updateMany({ registrationId: registration._id, usedAt: null }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call('POST', '/confirmations', { municipalityId: 'ale', token: second })).body).toMatchObject({ statusCode: 410, error: 'token_expired' });
    await client.db(database).collection('link_tokens').updateMany({ registrationId: registration._id }, { $set: { expiresAt: new Date(Date.now() + 86_400_000) } });
    expect((await call('POST', '/confirmations', { municipalityId: 'ale', token: first })).status).toBe(200);
    expect((await call('POST', '/confirmations', { municipalityId: 'ale', token: first })).body).toMatchObject({ statusCode: 410, error: 'token_used' });
    expect((await link({ kind: 'confirmation', registrationId: registration._id })).body).toMatchObject({ error: 'already_confirmed' });
  }, 30_000);

  it('exports a group as CSV bytes Excel opens, and imports a CSV safely twice', async () => {
    const csv = [
      'omrade;grupp;roll;namn;epost;mobil;gata;nummer;postnummer;ort',
      `lextorp;Lextorp import ${run};kontaktombud;Åsa Öberg;${email('asa')};070-111 22 33;Lextorpsvägen;2;461 54;Trollhättan`,
      `lextorp;Lextorp import ${run};medlem;Per Persson;;;Lextorpsvägen;4;461 54;Trollhättan`,
      `nowhere;Grupp;medlem;X;;;Gatan;1;461 54;`,
    ].join('\r\n');
    const post = async (dryRun: boolean) => call('POST', `/staff/trollhattan/import?dryRun=${dryRun}`, { csv }, await idp.coordinator('trollhattan'));
    const dry = await post(true);
    expect(dry.body).toMatchObject({ dryRun: true, accepted: 2, rejected: [{ row: 4 }], created: { groups: 1, members: 2, contactPersons: 1 } });
    expect(await client.db(database).collection('groups').countDocuments({ municipalityId: 'trollhattan' })).toBe(0);
    expect((await post(false)).body).toMatchObject({ created: { groups: 1, members: 2 } });
    expect((await post(false)).body).toMatchObject({ created: { groups: 0, members: 0 }, skippedExisting: 2 });
    const groups = await client.db(database).collection('groups').find({ municipalityId: 'trollhattan' }).toArray();
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ status: 'active' });

    const exported = await call('GET', `/staff/trollhattan/groups/${groups[0]!._id}/members.csv`, undefined, await idp.coordinator('trollhattan'));
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...exported.raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = exported.raw.toString('utf8').slice(1).split('\r\n');
    // Every cell quoted (a spreadsheet set to comma keeps each cell whole).
    expect(lines[0]).toBe('"Namn";"E-post";"Mobil";"Gatuadress";"Postnummer";"Ort";"Roll";"Gick med";"E-post fungerar inte"');
    expect(lines.slice(1, 3).map((l) => l.split(';')[0]).sort()).toEqual(['"Per Persson"', '"Åsa Öberg"']);
    expect(lines.find((l) => l.startsWith('"Åsa'))).toContain(";\"'+46701112233\";");
    expect(exported.raw.toString('utf8').endsWith('\r\n')).toBe(true);
    // The other municipality's coordinator cannot see it.
    expect((await staff('GET', `/groups/${groups[0]!._id}`)).status).toBe(404);
  }, 30_000);
});
