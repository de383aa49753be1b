import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { eventContracts, FindingRecordedV1 } from '@trygg/contracts';
import { mongoUrl, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, TopicReader } from '@trygg/testing';

// The walks' monthly report, its read-only readers, promoting a reported unsafe place to a round's finding (once),
// and a round's follow-up, on the real Kafka and FerretDB: the built volunteers service as a process (port 3700,
// database walk_month_it_<run>, dropped at the end). Walks are scheduled through the API, then moved into March 2026
// with their check-in/out log and two walkers' reports written into the walk documents (the walkers' own path to a
// report is tested in walk-reports.int-spec.ts).

const run = randomUUID().slice(0, 8);
const database = `walk_month_it_${run}`;
const group = `walk-month-it-${run}`;
const ORG = 'lilla-edets-forsamling';
const payloadOf = (m: { value: Buffer | null }) => JSON.parse(m.value!.toString()).payload as Record<string, unknown>;

const reportOf = (volunteerId: string, people: [number, number, number, number], places: unknown[], incidents = 0) => ({
  reportId: randomUUID(),
  volunteerId,
  reportedAt: '2026-03-07T00:30:00.000Z',
  peopleMet: { children: people[0], youth: people[1], adults: people[2], elderly: people[3] },
  incidents: { count: incidents, description: incidents ? 'Bråk vid kiosken' : null },
  unsafePlaces: places,
  followUp: null,
});

describe('the walks\' monthly report and promoting unsafe places, on a real broker and database', () => {
  let client: mongo.MongoClient;
  let idp: TestIdp;
  let service: ServiceProcess;
  let recorded: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    service = new ServiceProcess({ service: 'volunteers', port: 3700, env: { MONGO_URL: mongoUrl(database), CONSUMER_GROUP: group, DEV_IDP_URL: idp.url, WEB_PUBLIC_URL: 'http://web.test' } });
    await startGroupAtEnd(testKafka(), group, eventContracts.map((c) => c.type));
    await service.start();
    recorded = await new TopicReader(testKafka(), FindingRecordedV1.type).start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([recorded?.stop(), service?.stop()]);
    await idp?.close();
    await client?.db(database).dropDatabase();
    await client?.close();
  }, 60_000);

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${service.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const coordinator = () => idp.coordinator('lilla-edet', 'samordnare-month');

  /** A walk scheduled through the API, then moved to `startsAt` (4 h) with its log and reports. */
  async function walkIn(startsAt: string, set: Record<string, unknown>): Promise<string> {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const res = await call('POST', '/staff/lilla-edet/walks', await coordinator(), { organisationId: ORG, startsAt: future, endsAt: new Date(Date.parse(future) + 4 * 3_600_000).toISOString(), meetingPoint: 'Lilla Edets station', maxWalkers: 4 });
    expect(res.status).toBe(201);
    const walkId = ((await res.json()) as { walkId: string }).walkId;
    const endsAt = new Date(Date.parse(startsAt) + 4 * 3_600_000).toISOString();
    await client.db(database).collection('walks').updateOne({ _id: walkId as never }, { $set: { startsAt, endsAt, ...set }, $inc: { version: 1 } });
    return walkId;
  }

  it('reports walks held, hours, people met and places per walk and month — to the coordinator and the read-only roles only', async () => {
    const anna = randomUUID();
    const bo = randomUUID();
    const r1 = reportOf(anna, [0, 14, 5, 1], [{ place: 'Gångtunneln under järnvägen', point: null, category: 'lighting', description: 'Mörkt, två lampor trasiga' }], 1);
    const r2 = reportOf(bo, [2, 6, 1, 0], [{ place: null, point: { lat: 58.13, lng: 12.13 }, category: 'other', description: null }, { place: 'Busshållplatsen', point: null, category: 'vandalism', description: 'Krossat glas' }]);
    const held = await walkIn('2026-03-06T20:00:00.000Z', {
      log: [
        { volunteerId: anna, kind: 'check-in', at: '2026-03-06T20:00:00.000Z' },
        { volunteerId: bo, kind: 'check-in', at: '2026-03-06T20:15:00.000Z' },
        { volunteerId: anna, kind: 'check-out', at: '2026-03-07T00:00:00.000Z' },
        { volunteerId: bo, kind: 'check-out', at: '2026-03-07T00:00:00.000Z' },
      ],
      reports: [r1, r2],
    });
    await walkIn('2026-03-13T20:00:00.000Z', { status: 'cancelled', cancellation: { cancelledAt: '2026-03-12T10:00:00.000Z', cancelledBy: 'x', reason: 'Storm' } });

    const res = await call('GET', '/staff/lilla-edet/walk-reports/2026-03', await coordinator());
    expect(res.status).toBe(200);
    const report = (await res.json()) as { totals: Record<string, unknown>; walks: Array<Record<string, unknown>> };
    expect(report.totals).toEqual({ walks: 2, held: 1, cancelled: 1, volunteerMinutes: 465, reports: 2, peopleMet: { children: 2, youth: 20, adults: 6, elderly: 1, total: 29 }, incidents: 1, places: 3 });
    expect(report.walks[0]).toMatchObject({ walkId: held, localDate: '2026-03-06', localStartTime: '21:00', held: true, walkers: 2, volunteerMinutes: 465, peopleMet: { total: 21 + 9 - 1 } });
    expect((report.walks[0]!['places'] as unknown[]).map((p) => (p as { place: string | null; category: string }).category)).toEqual(['lighting', 'other', 'vandalism']);
    const text = JSON.stringify(report);
    for (const secret of [anna, bo, 'kiosken', 'lampor trasiga', 'Krossat']) expect(text).not.toContain(secret);

    // the read-only roles read it: folkhälsostrateg (municipal-role) and the police of the area listing Lilla Edet
    expect((await call('GET', '/staff/lilla-edet/walk-reports/2026-03', await idp.staff('lilla-edet', ['folkhalsostrateg']))).status).toBe(200);
    expect((await call('GET', '/staff/lilla-edet/walk-reports/2026-03', await idp.officer('lpo-trollhattan'))).status).toBe(200);
    // … and nothing else: not the walks list, not a promotion, not scheduling
    const reader = await idp.staff('lilla-edet', ['folkhalsostrateg']);
    expect((await call('GET', '/staff/lilla-edet/walks', reader)).status).toBe(403);
    expect((await call('POST', `/staff/lilla-edet/walks/${held}/reports/${r1.reportId}/places/0/promotion`, reader, { roundId: randomUUID(), responsibleOrganisation: 'x' })).status).toBe(403);
    // another municipality's staff, another area's police, no token
    expect((await call('GET', '/staff/lilla-edet/walk-reports/2026-03', await idp.coordinator('ale'))).status).toBe(403);
    expect((await call('GET', '/staff/lilla-edet/walk-reports/2026-03', await idp.officer('lpo-ale-kungalv'))).status).toBe(403);
    expect((await call('GET', '/staff/lilla-edet/walk-reports/2026-03', {})).status).toBe(401);
    expect((await call('GET', '/staff/lilla-edet/walk-reports/2026-13', await coordinator())).status).toBe(400);

    // promoting: once per place; the finding notes its origin; finding-recorded on its topic
    const planned = await call('POST', '/staff/lilla-edet/rounds', await coordinator(), { district: 'Centrum', plannedDate: '2026-03-01', meetingPoint: 'Ströms slott' });
    const { roundId } = (await planned.json()) as { roundId: string };
    const promote = async (reportId: string, index: number, body: Record<string, unknown>) => call('POST', `/staff/lilla-edet/walks/${held}/reports/${reportId}/places/${index}/promotion`, await coordinator(), { roundId, ...body });
    const first = await promote(r1.reportId, 0, { responsibleOrganisation: 'Gatuavdelningen' });
    expect(first.status).toBe(201);
    const { findingId } = (await first.json()) as { findingId: string };
    const again = await promote(r1.reportId, 0, { responsibleOrganisation: 'Gatuavdelningen' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'already_promoted', findingId });
    // 'other' needs a category; then two promotions of the same place at once: exactly one finding
    const bad = await promote(r2.reportId, 0, { responsibleOrganisation: 'Trafikenheten', description: 'Bilar kör fort' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('category');
    const race = await Promise.all([1, 2].map(() => promote(r2.reportId, 0, { responsibleOrganisation: 'Trafikenheten', description: 'Bilar kör fort', category: 'traffic' })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await client.db(database).collection('findings').countDocuments({ roundId })).toBe(2);

    const message = await recorded.waitFor('finding-recorded of the promoted place', (m) => payloadOf(m)['findingId'] === findingId);
    expect(payloadOf(message)).toMatchObject({ roundId, district: 'Centrum', place: { kind: 'address', address: 'Gångtunneln under järnvägen' }, category: 'lighting', description: 'Mörkt, två lampor trasiga', responsibleOrganisation: 'Gatuavdelningen' });
    expect(message.value!.toString()).not.toContain(anna);
    const finding = await client.db(database).collection('findings').findOne({ _id: findingId as never });
    expect(finding!['origin']).toEqual({ kind: 'walk-report', walkId: held, reportId: r1.reportId, placeIndex: 0 });

    const after = (await (await call('GET', '/staff/lilla-edet/walk-reports/2026-03', await coordinator())).json()) as { walks: Array<{ places: Array<{ findingId: string | null }> }> };
    expect(after.walks[0]!.places.map((p) => p.findingId !== null)).toEqual([true, true, false]);

    // the follow-up: meeting day, reference groups on the protocol, the review
    expect((await call('POST', `/staff/lilla-edet/rounds/${roundId}/follow-up-meeting`, await coordinator(), { date: '2026-02-01' })).status).toBe(400);
    expect((await call('POST', `/staff/lilla-edet/rounds/${roundId}/follow-up-meeting`, await coordinator(), { date: '2026-03-29' })).status).toBe(200);
    expect((await call('PUT', `/staff/lilla-edet/rounds/${roundId}/reference-groups`, await coordinator(), { groups: [{ name: 'Grannsamverkan Ströms väg', groupId: null }] })).status).toBe(200);
    expect((await call('POST', `/staff/lilla-edet/rounds/${roundId}/status`, await coordinator(), { status: 'held' })).status).toBe(200);
    const protocol = (await (await fetch(`${service.url}/rounds/lilla-edet/${roundId}/protocol`)).json()) as { groups: string[] };
    expect(protocol.groups).toEqual(['Grannsamverkan Ströms väg']);
    const review = (await (await call('GET', `/staff/lilla-edet/rounds/${roundId}/follow-up`, await coordinator())).json()) as Record<string, unknown>;
    expect(review).toMatchObject({ followUpMeetingDate: '2026-03-29', aim: '2026-09-01', counts: { findings: 2, open: 2 }, findings: [{ findingId, origin: { walkId: held } }, {}] });
    expect((await call('GET', `/staff/lilla-edet/rounds/${roundId}/follow-up`, reader)).status).toBe(403);
  }, 180_000);
});
