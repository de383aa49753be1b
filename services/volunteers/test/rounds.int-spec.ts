import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { eventContracts, FindingRecordedV1, FindingStatusChangedV1 } from '@trygg/contracts';
import { mongoUrl, ServiceProcess, startGroupAtEnd, TestIdp, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';

// A safety round from planning to a fixed finding and its public protocol, against the real Kafka and FerretDB with
// the built service as a process (port 4347, its own database per run): a Trollhättan coordinator (a TestIdp the
// service trusts through DEV_IDP_URL) plans a round ten days ago, invites a police officer and a neighbourhood-watch
// group, who answer from their links; the round is held; a participant records a finding from their link and the
// coordinator another; the coordinator assigns both (owner + deadline); the owners close them from their links
// (fixed; won't fix with a reason). The events carry no email; every decision is in the audit trail; the protocol
// shows the numbers (10 days from the round to the fix) and the group, no person.

const run = randomUUID().slice(0, 8);
const database = `rounds_it_${run}`;
const payloadOf = (m: { value: Buffer | null }) => JSON.parse(m.value!.toString()).payload as Record<string, unknown>;
/** A 2×2 JPEG as Chromium encodes it (services/volunteers/src/domain/photo.spec.ts has the same), and an EXIF segment to hide in it. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAj/xAAZEAEBAQEBAQAAAAAAAAAAAAACAQARA1H/xAAVAQEBAAAAAAAAAAAAAAAAAAAHCf/EABoRAAAHAAAAAAAAAAAAAAAAAAABAwQ0crH/2gAMAwEAAhEDEQA/AJLAPkCAYAZyEzkk+TMzGDySpY9FBmsdOpYP/9k=',
  'base64',
);
function exifSegment(secret: string): Buffer {
  const payload = Buffer.concat([Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1'), Buffer.from(secret)]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}
const swedishDate = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

describe('safety rounds on a real broker and database', () => {
  let client: mongo.MongoClient;
  let idp: TestIdp;
  let service: ServiceProcess;
  let recorded: TopicReader;
  let changed: TopicReader;

  beforeAll(async () => {
    client = await testMongo();
    idp = await TestIdp.start();
    service = new ServiceProcess({
      service: 'volunteers',
      port: 4347,
      env: { MONGO_URL: mongoUrl(database), CONSUMER_GROUP: `rounds-volunteers-it-${run}`, DEV_IDP_URL: idp.url, WEB_PUBLIC_URL: 'http://web.test' },
    });
    await startGroupAtEnd(testKafka(), `rounds-volunteers-it-${run}`, eventContracts.map((c) => c.type));
    await service.start();
    recorded = await new TopicReader(testKafka(), FindingRecordedV1.type).start();
    changed = await new TopicReader(testKafka(), FindingStatusChangedV1.type).start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([recorded?.stop(), changed?.stop(), service?.stop()]);
    await idp?.close();
    await client.db(database).dropDatabase();
    await client.close();
  }, 60_000);

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${service.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes, asserted with toMatchObject
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const coordinator = (m = 'trollhattan') => idp.coordinator(m, `samordnare-${run}`);
  const tokenOf = (url: string) => url.split('/').at(-1)!;

  it('plans, invites, holds, records, assigns and closes findings; the protocol shows what was fixed and how fast', async () => {
    const roundDate = swedishDate(new Date(Date.now() - 10 * 86_400_000));
    const staff = await coordinator();

    // Another municipality's coordinator cannot act in Trollhättan's path.
    expect((await call('POST', '/staff/trollhattan/rounds', { district: 'x', plannedDate: roundDate, meetingPoint: 'y' }, await coordinator('ale'))).status).toBe(403);
    expect((await call('POST', '/staff/trollhattan/rounds', { district: 'Kronogården', plannedDate: '2026-02-30', meetingPoint: 'Torget' }, staff)).body['fields']).toEqual([
      expect.objectContaining({ field: 'plannedDate' }),
    ]);
    const planned = await call('POST', '/staff/trollhattan/rounds', { district: 'Kronogården', plannedDate: roundDate, meetingPoint: 'Kronogårdens torg' }, staff);
    expect(planned.status).toBe(201);
    const roundId = planned.body['roundId'] as string;

    // Invitations: each participant gets a link (only its hash is stored); the group must be named.
    expect((await call('POST', `/staff/trollhattan/rounds/${roundId}/participants`, { name: 'Gun Grann', email: `gun-${run}@example.se`, organisationKind: 'neighbourhood-watch-group' }, staff)).body['fields']).toEqual([
      expect.objectContaining({ field: 'organisationName' }),
    ]);
    const police = await call('POST', `/staff/trollhattan/rounds/${roundId}/participants`, { name: 'Per Polis', email: `per-${run}@polisen.example`, organisationKind: 'police', organisationName: 'Polisen Trollhättan' }, staff);
    const group = await call('POST', `/staff/trollhattan/rounds/${roundId}/participants`, { name: 'Gun Grann', email: `gun-${run}@example.se`, organisationKind: 'neighbourhood-watch-group', organisationName: 'Grannsamverkan Kronogården' }, staff);
    expect(police.status).toBe(201);
    expect(group.body['link'].url).toMatch(/^http:\/\/web\.test\/trollhattan\/trygghetsrond\/deltagare\/[A-Za-z0-9_-]{43}$/);
    const policeToken = tokenOf(police.body['link'].url);
    const groupToken = tokenOf(group.body['link'].url);
    expect(await client.db(database).collection('round_links').countDocuments({ _id: groupToken as never })).toBe(0);
    expect((await call('POST', `/staff/trollhattan/rounds/${roundId}/participants`, { name: 'Gun', email: `GUN-${run}@example.se`, organisationKind: 'residents' }, staff)).status).toBe(409);

    expect((await call('POST', `/round-links/participant/${groupToken}/answer`, { answer: 'yes' })).body).toMatchObject({ roundId, answer: 'yes', district: 'Kronogården' });
    expect((await call('POST', `/round-links/participant/${policeToken}/answer`, { answer: 'no' })).body['answer']).toBe('no');
    expect((await call('GET', `/round-links/participant/${'A'.repeat(43)}`)).status).toBe(404);

    // Not public before it is held; held, no more answers.
    expect((await call('GET', `/rounds/trollhattan/${roundId}/protocol`)).status).toBe(404);
    expect((await call('POST', `/staff/trollhattan/rounds/${roundId}/status`, { status: 'held' }, staff)).body['status']).toBe('held');
    expect((await call('POST', `/round-links/participant/${policeToken}/answer`, { answer: 'yes' })).status).toBe(409);

    // Findings: the group from its link, the coordinator directly; a point outside Sweden is refused.
    expect((await call('POST', `/round-links/participant/${groupToken}/findings`, { place: { kind: 'point', lat: 52.5, lon: 13.4 }, category: 'lighting', description: 'x', responsibleOrganisation: 'Gatu' })).body['fields']).toEqual([
      expect.objectContaining({ field: 'place' }),
    ]);
    const lamp = await call('POST', `/round-links/participant/${groupToken}/findings`, {
      place: { kind: 'point', lat: 58.2712, lon: 12.3082 },
      category: 'lighting',
      description: 'Trasig belysning på gångvägen mot skolan',
      responsibleOrganisation: 'Gatu- och parkavdelningen',
    });
    expect(lamp.status).toBe(201);
    const bushes = await call('POST', `/staff/trollhattan/rounds/${roundId}/findings`, { place: { kind: 'address', address: 'Kronogårdsvägen 12' }, category: 'vegetation', description: 'Buskage skymmer entrén', responsibleOrganisation: 'Eidar' }, staff);
    expect(bushes.status).toBe(201);
    const lampId = lamp.body['findingId'] as string;
    const bushesId = bushes.body['findingId'] as string;

    // A photo from the participant's phone: an image only (by its bytes), at most 5 MB, its EXIF gone when stored.
    const put = (path: string, body: Buffer, type: string, headers: Record<string, string> = {}) =>
      fetch(`${service.url}${path}`, { method: 'PUT', headers: { 'content-type': type, ...headers }, body: new Uint8Array(body) });
    const photoPath = `/round-links/participant/${groupToken}/findings/${lampId}/photo`;
    const gif = await put(photoPath, Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/jpeg');
    expect(gif.status).toBe(400);
    expect(JSON.stringify(await gif.json())).toContain('5 MB');
    const huge = await put(photoPath, Buffer.concat([JPEG.subarray(0, 2), Buffer.alloc(5 * 1024 * 1024 + 1)]), 'image/jpeg');
    expect(huge.status).toBe(400);
    expect(JSON.stringify(await huge.json())).toContain('at most 5 MB');
    const withExif = Buffer.concat([JPEG.subarray(0, 2), exifSegment('GPS 58.2712 12.3082'), JPEG.subarray(2)]);
    const stored = await put(photoPath, withExif, 'image/jpeg');
    expect(await stored.json()).toEqual({ findingId: lampId, type: 'image/jpeg', size: JPEG.length });
    const photo = await fetch(`${service.url}/staff/trollhattan/findings/${lampId}/photo`, { headers: staff });
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await photo.arrayBuffer()).equals(JPEG)).toBe(true);
    expect((await fetch(`${service.url}/staff/ale/findings/${lampId}/photo`, { headers: await coordinator('ale') })).status).toBe(404);

    // Assigned with an owner and a deadline (default: six months after the round); the owners' links.
    const lampAssigned = await call('POST', `/staff/trollhattan/findings/${lampId}/assignment`, { ownerEmail: `ola-${run}@trollhattan.example` }, staff);
    expect(lampAssigned.body).toMatchObject({ status: 'assigned', deadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const bushesAssigned = await call('POST', `/staff/trollhattan/findings/${bushesId}/assignment`, { ownerEmail: `eva-${run}@eidar.example`, deadline: swedishDate(new Date(Date.now() + 30 * 86_400_000)) }, staff);
    expect(bushesAssigned.status).toBe(200);
    expect((await call('POST', `/staff/ale/findings/${lampId}/assignment`, { ownerEmail: 'x@ale.example' }, await coordinator('ale'))).status).toBe(404);

    const lampOwner = tokenOf(lampAssigned.body['ownerLink'].url);
    const bushesOwner = tokenOf(bushesAssigned.body['ownerLink'].url);
    expect((await call('GET', `/round-links/owner/${lampOwner}`)).body).toMatchObject({ findingId: lampId, status: 'assigned', category: 'lighting' });
    expect((await call('POST', `/round-links/owner/${lampOwner}/status`, { status: 'fixed' })).body['status']).toBe('fixed');
    expect((await call('POST', `/round-links/owner/${lampOwner}/status`, { status: 'fixed' })).status).toBe(409);
    expect((await call('POST', `/round-links/owner/${bushesOwner}/status`, { status: 'wont-fix' })).body['fields']).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await call('POST', `/round-links/owner/${bushesOwner}/status`, { status: 'wont-fix', reason: 'Privat tomt, fastighetsägaren kontaktad' })).body['status']).toBe('wont-fix');

    // The coordinator's view: every finding with owner and status.
    const shown = await call('GET', `/staff/trollhattan/rounds/${roundId}`, undefined, staff);
    expect(shown.body['findings'].map((f: Record<string, unknown>) => [f['findingId'], f['status']])).toEqual([
      [lampId, 'fixed'],
      [bushesId, 'wont-fix'],
    ]);
    expect((await call('GET', `/staff/trollhattan/rounds`, undefined, staff)).body['rounds']).toEqual([expect.objectContaining({ roundId, status: 'held' })]);

    // The public protocol: numbers, the group, no person.
    const protocol = await call('GET', `/rounds/trollhattan/${roundId}/protocol`);
    expect(protocol.status).toBe(200);
    expect(protocol.body).toMatchObject({
      roundId,
      district: 'Kronogården',
      plannedDate: roundDate,
      groups: ['Grannsamverkan Kronogården'],
      counts: { findings: 2, open: 0, assigned: 0, fixed: 1, wontFix: 1 },
      medianDaysToFix: 10,
    });
    expect(protocol.body['findings'][0]).toMatchObject({ findingId: lampId, daysToFix: 10, fixedOn: swedishDate(new Date()) });
    const text = JSON.stringify(protocol.body);
    for (const personal of ['Gun Grann', 'Per Polis', `gun-${run}`, `ola-${run}`, `samordnare-${run}`]) expect(text).not.toContain(personal);
    expect((await call('GET', `/rounds/ale/${roundId}/protocol`)).status).toBe(404);

    // Events from the findings' outbox: two recorded, four status changes, no email or name on the topics.
    const ofThisRound = (m: { value: Buffer | null }) => payloadOf(m)['roundId'] === roundId;
    await waitFor('two finding-recorded events', () => recorded.matching(ofThisRound).length === 2 || undefined);
    await waitFor('four finding-status-changed events', () => changed.matching(ofThisRound).length === 4 || undefined);
    expect(changed.matching(ofThisRound).map((m) => [payloadOf(m)['findingId'], payloadOf(m)['from'], payloadOf(m)['to']])).toEqual(
      expect.arrayContaining([
        [lampId, 'open', 'assigned'],
        [lampId, 'assigned', 'fixed'],
        [bushesId, 'open', 'assigned'],
        [bushesId, 'assigned', 'wont-fix'],
      ]),
    );
    for (const m of [...recorded.matching(ofThisRound), ...changed.matching(ofThisRound)]) expect(m.value!.toString()).not.toMatch(/@|Gun Grann|Per Polis/);

    // Every decision audited: the coordinator's and the link holders'.
    const audit = client.db(database).collection('audit_trail');
    await waitFor('the audit records', async () => ((await audit.countDocuments({ municipalityId: 'trollhattan' })) >= 13 ? true : undefined));
    const actions = (await audit.find({ municipalityId: 'trollhattan' }).sort({ _id: 1 }).toArray()).map((r) => [r['action'], r['actor'].role]);
    expect(actions).toEqual([
      ['round-planned', 'coordinator'],
      ['round-participant-invited', 'coordinator'],
      ['round-participant-invited', 'coordinator'],
      ['round-invitation-answered', 'round-participant'],
      ['round-invitation-answered', 'round-participant'],
      ['round-status-changed', 'coordinator'],
      ['finding-recorded', 'round-participant'],
      ['finding-recorded', 'coordinator'],
      ['finding-photo-added', 'round-participant'],
      ['finding-assigned', 'coordinator'],
      ['finding-assigned', 'coordinator'],
      ['finding-status-changed', 'round-owner'],
      ['finding-status-changed', 'round-owner'],
    ]);
  }, 120_000);
});
