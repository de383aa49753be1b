import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { INTERNAL_SECRETS, TRUSTED_ISSUERS } from '@trygg/auth';
import { createEvent, RegistrationSubmittedV1 } from '@trygg/contracts';
import { apiDocument, type RouteContract, serviceRoutes } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { assertRoutesMatch } from '@trygg/service-kit';
import { AUDIT_ROUTE_UNSCOPED_ROWS, InMemoryAuditTrail, offlineApp, runAccessMatrix, TEST_GROUPS, testTrustedIssuers } from '@trygg/service-testing';
import { TestIssuer } from '@trygg/testing';
import { InMemoryAcknowledgements, wire } from '../../test/fakes';
import { NotificationsModule } from '../app.module';
import { newMessage } from '../application/new-message';
import { ACKNOWLEDGEMENT_STORE, BROADCAST_STORE, MESSAGE_QUEUE, MESSAGE_STORE, RECIPIENT_STORE, STAFF_VIEW_AUDIT, type Broadcast } from '../application/ports';
import type { NotificationsConfig } from '../config';
import { BullMessageQueues } from '../infrastructure/message-queues';
import { RedisConnection } from '../infrastructure/redis';
import { SmtpMailer } from '../infrastructure/smtp-mailer';
import { QUEUE_COUNTS } from './staff.controller';

const WEB_SECRET = 'web-preferences-secret-for-tests-0123456789';
const REPORT_SECRET = 'secret-for-tests-0123456789abcdefghijklmn';

const broadcastOf = (municipalityId: string): Broadcast => ({
  id: randomUUID(), municipalityId, subject: 'Möte', body: 'Välkomna', category: 'information', channels: ['email'], filter: { areaIds: ['centrum'] },
  createdBy: 'staff', createdAt: new Date('2026-06-01T10:00:00Z'), recipients: 1, messages: 1,
});

describe('the notifications HTTP routes', () => {
  let app: INestApplication;
  let issuers: { police: TestIssuer; trollhattan: TestIssuer; ale: TestIssuer };
  const world = wire();
  const trail = new InMemoryAuditTrail();
  const trollhattanBroadcast = broadcastOf('trollhattan');
  const aleBroadcast = broadcastOf('ale');
  const trollhattanPerson = randomUUID();
  const alePerson = randomUUID();
  const protectedPerson = randomUUID();
  const http = () => request(app.getHttpServer());
  const coordinator = (issuer: TestIssuer, groups: string[] = [TEST_GROUPS.coordinator]) => issuer.token({ sub: `s-${randomUUID()}`, groups });

  beforeAll(async () => {
    const [police, trollhattan, ale] = await Promise.all([TestIssuer.start('/polisen'), TestIssuer.start('/trollhattan'), TestIssuer.start('/ale')]);
    issuers = { police, trollhattan, ale };
    await world.broadcasts.create(trollhattanBroadcast);
    await world.broadcasts.create(aleBroadcast);
    await world.recipients.upsertContact({ id: trollhattanPerson, municipalityId: 'trollhattan', name: 'Tora Trollhättan', email: 'tora@example.se' });
    await world.recipients.upsertContact({ id: alePerson, municipalityId: 'ale', name: 'Alva Ale', email: 'alva@example.se' });
    await world.recipients.joinGroup(trollhattanPerson, 'trollhattan', randomUUID(), 'centrum');
    await world.recipients.markEmailBounced('trollhattan', trollhattanPerson, new Date(), () => ({}) as never);
    await world.recipients.markEmailBounced('ale', alePerson, new Date(), () => ({}) as never);
    // A protected person (skyddad identitet), known from the event that carries their details.
    await world.facts.execute(createEvent(RegistrationSubmittedV1, { municipalityId: 'ale', correlationId: 'c-protected' }, { registrationId: randomUUID(), personId: protectedPerson, name: 'Hemlig Hemligsson', email: 'hemlig@example.se', language: 'sv', protectedIdentity: true }));
    await world.recipients.markEmailBounced('ale', protectedPerson, new Date(), () => ({}) as never);
    const config = {
      SMS_DELIVERY_REPORT_SECRET: REPORT_SECRET,
      SMS_DELIVERY_REPORT_BASE_URL: 'http://notifications.test/',
      SMS_PROVIDER_URL: 'http://sms.test/',
      WEB_PUBLIC_URL: 'https://trygg.example/',
      NOTIFICATIONS_PUBLIC_URL: 'http://notifications.test/',
      ENROLMENT_URL: 'http://enrolment.test/',
    } as unknown as NotificationsConfig;
    app = await offlineApp(NotificationsModule.forRoot(config, createLogger('test', 'silent')), (b) =>
      b
        .overrideProvider(TRUSTED_ISSUERS).useValue(testTrustedIssuers({ trollhattan, ale }, police))
        .overrideProvider(INTERNAL_SECRETS).useValue(new Map([['INTERNAL_SECRET_WEB_PREFERENCES', WEB_SECRET]]))
        .overrideProvider(RECIPIENT_STORE).useValue(world.recipients)
        .overrideProvider(MESSAGE_STORE).useValue(world.messages)
        .overrideProvider(BROADCAST_STORE).useValue(world.broadcasts)
        .overrideProvider(ACKNOWLEDGEMENT_STORE).useValue(new InMemoryAcknowledgements())
        .overrideProvider(STAFF_VIEW_AUDIT).useValue(trail)
        .overrideProvider(MESSAGE_QUEUE).useValue(world.queue)
        .overrideProvider(QUEUE_COUNTS).useValue(async () => ({ email: { waiting: 0, failed: 1 }, sms: { waiting: 0, failed: 0 } }))
        .overrideProvider(RedisConnection).useValue({ client: {} })
        .overrideProvider(BullMessageQueues).useValue({})
        .overrideProvider(SmtpMailer).useValue({}),
    );
  });
  afterAll(async () => {
    await app.close();
    await Promise.all(Object.values(issuers).map((i) => i.close()));
  });

  it('are exactly the contract in libs/http-contracts', () => {
    assertRoutesMatch(app, serviceRoutes.notifications);
  });

  it('serve the OpenAPI document at GET /openapi.json', async () => {
    const res = await http().get('/openapi.json').expect(200);
    expect(res.body).toEqual(apiDocument('notifications'));
  });

  it('keep the public paths apart: only /unsubscribe/, /sms/delivery-reports/ and /preview/ are open; /internal/ is internal, /staff/, /queues and /audit signed in', () => {
    const open = ['/unsubscribe/', '/sms/delivery-reports/', '/preview/'];
    for (const route of serviceRoutes.notifications as readonly RouteContract[]) {
      const where = `${route.method.toUpperCase()} ${route.path}`;
      const kind = route.access.kind;
      if (kind === 'public' || kind === 'link') expect([where, open.some((p) => route.path.startsWith(p))]).toEqual([where, true]);
      if (route.path.startsWith('/internal/')) expect([where, kind]).toEqual([where, 'internal']);
      if (route.path.startsWith('/staff/') || route.path === '/queues' || route.path === '/audit') expect([where, kind]).toEqual([where, 'signed-in']);
      expect([where, open.some((p) => route.path.startsWith(p)) || route.path.startsWith('/internal/') || route.path.startsWith('/staff/') || route.path === '/queues' || route.path === '/audit']).toEqual([where, true]);
    }
  });

  it('enforce the access matrix: every route × role × in/out of scope as declared', async () => {
    // In scope: Trollhättan's staff (the municipality the paths name), the officer of lpo-trollhattan. Out: Ale's, lpo-ale-kungalv's.
    const params: Record<string, string> = {
      m: 'trollhattan', id: trollhattanBroadcast.id, personId: trollhattanPerson, token: 'x'.repeat(43), secret: REPORT_SECRET, municipality: 'trollhattan', template: 'group-activated',
    };
    const failures = await runAccessMatrix(app, serviceRoutes.notifications, {
      token: async (caller, scope) => {
        if (caller === 'anonymous') return undefined;
        if (caller === 'police-officer') {
          return issuers.police.token({ sub: `p-${scope}`, groups: [TEST_GROUPS[caller]], police_area: scope === 'in' ? 'lpo-trollhattan' : 'lpo-ale-kungalv' });
        }
        return (scope === 'in' ? issuers.trollhattan : issuers.ale).token({ sub: `s-${caller}`, groups: [TEST_GROUPS[caller]] });
      },
      param: (name) => params[name] ?? 'unknown',
      body: (route) =>
        route.operationId === 'sendBroadcast'
          ? { subject: 'Möte', body: 'Välkomna', filter: { areaIds: ['centrum'] } }
          : route.operationId === 'receiveDeliveryReport'
            ? { id: 'provider-1', status: 'delivered' }
            : { channels: { email: true, sms: false }, categories: { urgent: true, information: true, reminders: true } },
    });
    expect(failures).toEqual([...AUDIT_ROUTE_UNSCOPED_ROWS]);
  }, 60_000);

  it('audit each view of the unreachable recipients and of the delivery log, the coordinator as actor, counts only', async () => {
    const bearer = { authorization: `Bearer ${await issuers.trollhattan.token({ sub: 'samordnare-2', name: 'Sam Ordnare', groups: [TEST_GROUPS.coordinator] })}` };
    const before = trail.entries.length;
    const unreachable = await http().get('/staff/trollhattan/recipients/unreachable').set(bearer).expect(200);
    const log = await http().get('/staff/trollhattan/messages').set(bearer).expect(200);
    const actor = { subject: `${issuers.trollhattan.issuer}#samordnare-2`, name: 'Sam Ordnare', role: 'coordinator', scope: 'trollhattan' };
    const list = { kind: 'list', id: 'trollhattan' };
    expect(trail.entries.slice(before)).toEqual([
      { actor, action: 'unreachable-viewed', subject: list, municipalityId: 'trollhattan', correlationId: expect.any(String), details: { rows: unreachable.body.recipients.length } },
      { actor, action: 'messages-viewed', subject: list, municipalityId: 'trollhattan', correlationId: expect.any(String), details: { rows: log.body.messages.length } },
    ]);
    expect(JSON.stringify(trail.entries)).not.toContain('Tora');
    // Another municipality's list: 403, nothing viewed, nothing recorded.
    const count = trail.entries.length;
    await http().get('/staff/ale/recipients/unreachable').set(bearer).expect(403);
    expect(trail.entries).toHaveLength(count);
    // Trollhättan's data-protection officer reads the views back at GET /audit; Ale's does not see them.
    const dpo = async (issuer: TestIssuer) => ({ authorization: `Bearer ${await issuer.token({ sub: 'dso', groups: [TEST_GROUPS['data-protection-officer']] })}` });
    const own = await http().get(`/audit?actor=${encodeURIComponent(actor.subject)}`).set(await dpo(issuers.trollhattan)).expect(200);
    expect(own.body.records.map((r: { action: string }) => r.action)).toEqual(['messages-viewed', 'unreachable-viewed']);
    expect((await http().get(`/audit?actor=${encodeURIComponent(actor.subject)}`).set(await dpo(issuers.ale)).expect(200)).body.records).toEqual([]);
  });

  it('the internal preferences API answers the web with its secret, and nothing else (a staff token included)', async () => {
    const path = `/internal/recipients/${trollhattanPerson}/preferences?municipalityId=trollhattan`;
    expect((await http().get(path).set({ authorization: `Bearer ${WEB_SECRET}`, 'x-internal-caller': 'web' })).status).toBe(200);
    expect((await http().get(path).set({ authorization: `Bearer ${await coordinator(issuers.trollhattan)}`, 'x-internal-caller': 'web' })).status).toBe(401);
    expect((await http().get(path).set({ authorization: `Bearer ${await coordinator(issuers.trollhattan, [TEST_GROUPS.admin])}` })).status).toBe(401);
  });

  it('a coordinator sees only their municipality: another municipality’s path 403, its broadcast 404, never its data', async () => {
    const token = await coordinator(issuers.trollhattan);
    const bearer = { authorization: `Bearer ${token}` };
    const own = await http().get(`/staff/trollhattan/broadcasts/${trollhattanBroadcast.id}`).set(bearer);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: trollhattanBroadcast.id, subject: 'Möte' });
    const foreign = await http().get(`/staff/trollhattan/broadcasts/${aleBroadcast.id}`).set(bearer);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain('Möte');
    expect((await http().get(`/staff/ale/broadcasts/${aleBroadcast.id}`).set(bearer)).status).toBe(403);
    expect((await http().get('/staff/ale/recipients/unreachable').set(bearer)).status).toBe(403);
    const unreachable = await http().get('/staff/trollhattan/recipients/unreachable').set(bearer).expect(200);
    expect(unreachable.body.recipients.map((r: { name: string }) => r.name)).toEqual(['Tora Trollhättan']);
  });

  it('the unreachable list shows a protected person as "Skyddad person" unless the coordinator holds the protected-identity permission', async () => {
    const plain = await http().get('/staff/ale/recipients/unreachable').set({ authorization: `Bearer ${await coordinator(issuers.ale)}` }).expect(200);
    expect(plain.body.recipients).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recipientId: protectedPerson, name: 'Skyddad person', protectedIdentity: true }),
        expect.objectContaining({ recipientId: alePerson, name: 'Alva Ale', protectedIdentity: false }),
      ]),
    );
    expect(JSON.stringify(plain.body)).not.toMatch(/Hemlig|hemlig@/);
    const permitted = await coordinator(issuers.ale, [TEST_GROUPS.coordinator, 'skyddad-identitet-behorig']);
    const full = await http().get('/staff/ale/recipients/unreachable').set({ authorization: `Bearer ${permitted}` }).expect(200);
    expect(full.body.recipients).toEqual(expect.arrayContaining([expect.objectContaining({ recipientId: protectedPerson, name: 'Hemlig Hemligsson' })]));
  });

  it('the delivery log leaves out a provider\'s error text about a protected person unless the coordinator holds the permission', async () => {
    const bounced = { ...newMessage({ eventId: randomUUID(), eventType: 'enrolment.registration-submitted.v1', correlationId: 'c', municipalityId: 'ale', recipientId: protectedPerson, channel: 'email', template: 'registration-confirmation', category: 'transactional', language: 'sv', payload: null, broadcastId: null, link: null, notBefore: new Date() }, new Date()), status: 'failed' as const, lastError: '550 hemlig@example.se: no such user' };
    bounced.history = [...bounced.history, { status: 'failed', at: new Date(), detail: '550 hemlig@example.se: no such user' }];
    await world.messages.createIfAbsent(bounced);
    const path = `/staff/ale/messages?recipientId=${protectedPerson}`;
    const plain = await http().get(path).set({ authorization: `Bearer ${await coordinator(issuers.ale)}` }).expect(200);
    expect(plain.body.messages).toEqual([expect.objectContaining({ id: bounced.id, status: 'failed', lastError: null })]);
    expect(JSON.stringify(plain.body)).not.toContain('hemlig@');
    const permitted = await coordinator(issuers.ale, [TEST_GROUPS.coordinator, 'skyddad-identitet-behorig']);
    const full = await http().get(path).set({ authorization: `Bearer ${permitted}` }).expect(200);
    expect(full.body.messages[0].lastError).toContain('hemlig@example.se');
  });

  it('a broadcast is created in the coordinator’s municipality, by the signed-in person', async () => {
    const res = await http()
      .post('/staff/trollhattan/broadcasts')
      .set('authorization', `Bearer ${await issuers.trollhattan.token({ sub: 'samordnare-1', groups: [TEST_GROUPS.coordinator] })}`)
      .send({ subject: 'Grannmöte', body: 'Välkomna på torsdag', filter: { areaIds: ['centrum'] } })
      .expect(202);
    expect(world.broadcasts.byId.get(res.body.broadcastId)).toMatchObject({ municipalityId: 'trollhattan', createdBy: `${issuers.trollhattan.issuer}#samordnare-1` });
    expect(res.body.recipients).toBe(1);
  });

  it('the queues are for an admin, not for a coordinator', async () => {
    expect((await http().get('/queues').set('authorization', `Bearer ${await coordinator(issuers.ale, [TEST_GROUPS.admin])}`)).status).toBe(200);
    expect((await http().get('/queues').set('authorization', `Bearer ${await coordinator(issuers.ale)}`)).status).toBe(403);
    expect((await http().get('/queues')).status).toBe(401);
  });
});
