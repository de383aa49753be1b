import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, eventContracts, OnboardingCompletedV1, VolunteerSignedUpV1, WalkReportedV1 } from '@trygg/contracts';
import { mongoUrl, produceRaw, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// The walker's page data and the after-walk report on the real Kafka and FerretDB: the built volunteers service as a
// process (port 4392, database walk_reports_it_<run>, dropped at the end); walkers of Lilla Edet's church walkers
// signed up, confirmed and activated through the real paths; the coordinator (a TestIdp token) schedules a walk; the
// walkers book through their links; the night is moved into the past in the database (a walk cannot be scheduled in
// the past); they check in, out, and report — the report is in the walk document and volunteers.walk-reported.v1 on
// its topic carries counts, categories and places only.

const run = randomUUID().slice(0, 8);
const database = `walk_reports_it_${run}`;
const group = `walk-reports-it-${run}`;
const LINKS_SECRET = `walk-reports-it-links-secret-${'x'.repeat(32)}`;
const ORG = 'lilla-edets-forsamling';
const payloadOf = (m: { value: Buffer | null }) => JSON.parse(m.value!.toString()).payload as Record<string, unknown>;

const report = {
  peopleMet: { children: 0, youth: 14, adults: 5, elderly: 1 },
  incidents: { count: 1, description: 'Bråk vid kiosken, lugnade ner sig när vi kom.' },
  unsafePlaces: [{ place: 'Gångtunneln under järnvägen', category: 'lighting', description: 'Mörkt, två lampor trasiga' }],
  followUp: 'Felanmäl belysningen.',
};

describe('after-walk reports through the walker\'s link on a real broker and database', () => {
  let client: mongo.MongoClient;
  let idp: TestIdp;
  let service: ServiceProcess;
  let signedUp: TopicReader;
  let reported: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    const env = { MONGO_URL: mongoUrl(database), CONSUMER_GROUP: group, DEV_IDP_URL: idp.url, WEB_PUBLIC_URL: 'http://web.test', INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: LINKS_SECRET };
    service = new ServiceProcess({ service: 'volunteers', port: 4392, env });
    await startGroupAtEnd(testKafka(), group, eventContracts.map((c) => c.type));
    await service.start();
    // The TestIdp draws Lilla Edet's key at its first token: draw it now, not in three walkers' set-ups at once.
    await idp.coordinator('lilla-edet', 'samordnare-reports');
    signedUp = await new TopicReader(testKafka(), VolunteerSignedUpV1.type).start();
    reported = await new TopicReader(testKafka(), WalkReportedV1.type).start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([signedUp?.stop(), reported?.stop(), service?.stop()]);
    await idp?.close();
    await client?.db(database).dropDatabase();
    await client?.close();
  }, 60_000);

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const linkFor = (volunteerId: string, kind = 'walker-walks') => post('/internal/links', { kind, volunteerId }, { authorization: `Bearer ${LINKS_SECRET}`, 'x-internal-caller': 'notifications' });
  const tokenOf = async (res: Response) => ((await res.json()) as { url: string }).url.split('/').at(-1)!;
  const codeOf = async (res: Response) => [res.status, ((await res.json()) as { error?: string }).error ?? 'ok'];

  async function activeWalker(n: string): Promise<{ volunteerId: string; token: string }> {
    const email = `walker-${n}-${run}@reports.example`;
    expect((await post('/volunteers', { municipalityId: 'lilla-edet', name: `Vandrare ${n}`, email, birthYear: 1980, organisationId: ORG })).status).toBe(202);
    const doc = await waitFor('the sign-up', async () => (await client.db(database).collection('volunteers').findOne({ email })) ?? undefined);
    const volunteerId = String(doc['_id']);
    expect((await post('/volunteers/confirmations', { municipalityId: 'lilla-edet', token: await tokenOf(await linkFor(volunteerId, 'walker-confirmation')) })).status).toBe(200);
    const started = await signedUp.waitFor('the onboarding start', (m) => payloadOf(m)['volunteerId'] === volunteerId);
    const completed = createEvent(
      OnboardingCompletedV1,
      { municipalityId: 'lilla-edet', correlationId: group },
      { instanceId: randomUUID(), processId: 'lilla-edet/volunteer', processVersion: 1, subject: { kind: 'volunteer', id: volunteerId, personId: String(payloadOf(started)['personId']) }, outcome: 'approved', decidingStepId: 'walker-agreement', reason: null },
    );
    await produceRaw(testKafka(), OnboardingCompletedV1.type, [{ key: completed.payload.instanceId, value: JSON.stringify(completed) }]);
    await waitFor('the walker to be active', async () => ((await client.db(database).collection('volunteers').findOne({ _id: volunteerId as never }))?.['status'] === 'active' ? true : undefined));
    expect((await post(`/staff/lilla-edet/volunteers/${volunteerId}/qualifications`, { basicTraining: true }, await idp.coordinator('lilla-edet', 'samordnare-reports'))).status).toBe(200);
    return { volunteerId, token: await tokenOf(await linkFor(volunteerId)) };
  }

  it('books, checks in and out, reports once per walker; refuses another walker\'s walk; the event has no walker and no free text', async () => {
    const [anna, bo, stranger] = await Promise.all([activeWalker('anna'), activeWalker('bo'), activeWalker('stranger')]);
    const startsAt = new Date(Date.now() + 86_400_000);
    startsAt.setUTCMilliseconds(0);
    const scheduled = await post('/staff/lilla-edet/walks', { organisationId: ORG, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(), meetingPoint: 'Lilla Edets station', maxWalkers: 3 }, await idp.coordinator('lilla-edet', 'samordnare-reports'));
    expect(scheduled.status).toBe(201);
    const walkId = ((await scheduled.json()) as { walkId: string }).walkId;

    const listed = await (await fetch(`${service.url}/walker/${anna.token}/walks`)).json() as { walks: Array<Record<string, unknown>> };
    expect(listed.walks.find((w) => w['walkId'] === walkId)).toMatchObject({ placesLeft: 3, booked: false, canBook: true, staffed: false });
    for (const w of [anna, bo]) expect(await codeOf(await post(`/walker/${w.token}/walks/${walkId}/booking`, {}))).toEqual([200, 'ok']);
    expect(await codeOf(await post(`/walker/${anna.token}/walks/${walkId}/report`, report))).toEqual([409, 'walk_not_started']);

    // The night comes: the walk is moved to three hours ago (schedules are refused in the past).
    const past = Date.now() - 3 * 3_600_000;
    await client.db(database).collection('walks').updateOne({ _id: walkId as never }, { $set: { startsAt: new Date(past).toISOString(), endsAt: new Date(past + 2 * 3_600_000).toISOString() } });
    expect(await codeOf(await post(`/walker/${anna.token}/walks/${walkId}/report`, report))).toEqual([409, 'not_checked_in']);
    for (const action of ['check-in', 'check-out']) expect(await codeOf(await post(`/walker/${anna.token}/walks/${walkId}/${action}`, {}))).toEqual([200, 'ok']);
    expect(await codeOf(await post(`/walker/${bo.token}/walks/${walkId}/check-in`, {}))).toEqual([200, 'ok']);

    const bad = await post(`/walker/${anna.token}/walks/${walkId}/report`, { ...report, unsafePlaces: [{ category: 'darkness' }] });
    expect(bad.status).toBe(400);
    const filed = await post(`/walker/${anna.token}/walks/${walkId}/report`, report);
    expect(filed.status).toBe(201);
    const { reportId } = (await filed.json()) as { reportId: string };
    expect(await codeOf(await post(`/walker/${anna.token}/walks/${walkId}/report`, report))).toEqual([409, 'already_reported']);
    expect(await codeOf(await post(`/walker/${stranger.token}/walks/${walkId}/report`, report))).toEqual([409, 'not_booked']);
    expect((await post(`/walker/${bo.token}/walks/${walkId}/report`, { ...report, followUp: undefined, incidents: { count: 0 } })).status).toBe(201);

    const message = await reported.waitFor('the walk-reported event', (m) => payloadOf(m)['reportId'] === reportId);
    const payload = payloadOf(message);
    expect(payload).toMatchObject({ walkId, organisationId: ORG, peopleMet: report.peopleMet, incidents: 1, unsafePlaces: [{ place: 'Gångtunneln under järnvägen', point: null, category: 'lighting' }], followUpRequested: true });
    const text = message.value!.toString();
    for (const secret of [anna.volunteerId, 'kiosken', 'lampor trasiga', 'Felanmäl']) expect(text).not.toContain(secret);

    const doc = await client.db(database).collection('walks').findOne({ _id: walkId as never });
    expect((doc!['reports'] as Array<{ volunteerId: string; followUp: string | null }>).map((r) => [r.volunteerId, r.followUp])).toEqual([[anna.volunteerId, 'Felanmäl belysningen.'], [bo.volunteerId, null]]);
    const after = await (await fetch(`${service.url}/walker/${anna.token}/walks`)).json() as { walks: Array<Record<string, unknown>> };
    expect(after.walks.find((w) => w['walkId'] === walkId)).toMatchObject({ booked: true, presence: 'checked-out', reported: true, canReport: false });
  }, 180_000);
});
