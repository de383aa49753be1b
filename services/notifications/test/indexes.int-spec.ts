import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { OutboxRelay } from '@trygg/messaging';
import { createLogger } from '@trygg/observability';
import { expectRecordedQueriesIndexServed, inBatches, type QueryRecorder, recordQueries, testMongo } from '@trygg/testing';
import type { AwaitingRecipient } from '../src/domain/awaiting';
import { type Channel, idempotencyKey, messageIdFor, type MessageStatus, type OutgoingMessage } from '../src/domain/message';
import { defaultPreferences } from '../src/domain/recipient';
import { MongoAcknowledgementStore } from '../src/infrastructure/mongo-acknowledgement-store';
import { MongoAwaitingStore } from '../src/infrastructure/mongo-awaiting-store';
import { MongoBroadcastStore } from '../src/infrastructure/mongo-broadcast-store';
import { MongoMessageStore } from '../src/infrastructure/mongo-message-store';
import { MongoRecipientStore } from '../src/infrastructure/mongo-recipient-store';

// Every hot query of notifications' stores is served by an index (issue 10): indexes from the stores' own
// ensureIndexes (as at service start) on a fresh database, a few thousand realistic documents written through the
// stores, then each store method runs against a recording collection and every query it sent is explained; a collection
// scan fails with the collection, the query and the plan. See libs/testing/src/explain.ts.

const logger = createLogger('ntf-index-test', 'silent');
const database = `ntf_idx_${randomUUID().slice(0, 8)}`;
const now = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;
const publisher = { publish: async () => undefined } as never;
const announce = () => ({ eventId: randomUUID() }) as never;
const MUNICIPALITIES = ['ale', 'lilla-edet', 'trollhattan', ...Array.from({ length: 9 }, (_, i) => `kommun-${i + 1}`)];
const municipalityOf = (i: number) => MUNICIPALITIES[i % MUNICIPALITIES.length]!;
const recipientId = (i: number) => `person-${i}`;
const groupOf = (i: number) => `group-${i % 300}`;
const areaOf = (i: number) => `area-${i % 40}`;
const STATUSES: MessageStatus[] = ['delivered', 'delivered', 'delivered', 'sent', 'sent', 'skipped', 'failed', 'bounced', 'queued', 'uncertain'];

function seededMessage(i: number): OutgoingMessage {
  const channel: Channel = i % 4 === 0 ? 'sms' : 'email';
  const broadcastId = i % 10 === 0 ? `broadcast-${i % 30}` : null;
  const eventId = broadcastId ?? randomUUID();
  const key = idempotencyKey({ eventId, recipientId: recipientId(i % 1500), channel, template: 'group-news' });
  const status = STATUSES[i % STATUSES.length]!;
  const createdAt = new Date(now.getTime() - (i % 365) * DAY);
  return {
    id: messageIdFor(key),
    idempotencyKey: key,
    municipalityId: municipalityOf(i % 1500),
    recipientId: recipientId(i % 1500),
    channel,
    template: i % 3 ? 'group-news' : 'registration-confirmation',
    category: 'information',
    language: 'sv',
    eventId,
    eventType: 'enrolment.member-joined.v1',
    correlationId: randomUUID(),
    payload: broadcastId ? null : { groupName: `Grupp ${i % 300}`, text: 'x'.repeat(200) },
    broadcastId,
    link: null,
    notBefore: createdAt,
    status,
    history: [{ status: 'queued', at: createdAt, detail: null }],
    attempts: status === 'queued' ? 0 : 1,
    lastError: null,
    providerMessageId: status === 'queued' || status === 'skipped' ? null : `provider-${i}`,
    segments: channel === 'sms' ? 1 : null,
    encoding: channel === 'sms' ? 'gsm' : null,
    unsubscribe: channel === 'email' && status !== 'queued' && status !== 'skipped' ? { tokenHash: `hash-${i}`, expiresAt: new Date(createdAt.getTime() + 60 * DAY) } : null,
    createdAt,
    updatedAt: createdAt,
  };
}

describe('notifications: hot queries are served by indexes', () => {
  let client: mongo.MongoClient;
  let db: mongo.Db;
  let recipients: MongoRecipientStore;
  let messages: MongoMessageStore;
  let broadcasts: MongoBroadcastStore;
  let awaiting: MongoAwaitingStore;
  let acknowledgements: MongoAcknowledgementStore;
  let relay: OutboxRelay;
  const rec: Record<'recipients' | 'messages' | 'broadcasts' | 'awaiting' | 'acknowledgements', QueryRecorder<mongo.Collection>> = {} as never;
  let seededMessages: OutgoingMessage[];
  let seededAwaiting: AwaitingRecipient[];

  beforeAll(async () => {
    client = await testMongo();
    db = client.db(database);
    for (const name of ['recipients', 'messages', 'broadcasts', 'awaiting', 'acknowledgements'] as const) rec[name] = recordQueries(db.collection(name));
    relay = new OutboxRelay(rec.recipients.collection as never, publisher, logger);
    recipients = new MongoRecipientStore(rec.recipients.collection as never, relay);
    messages = new MongoMessageStore(rec.messages.collection as never);
    broadcasts = new MongoBroadcastStore(rec.broadcasts.collection as never);
    awaiting = new MongoAwaitingStore(rec.awaiting.collection as never);
    acknowledgements = new MongoAcknowledgementStore(rec.acknowledgements.collection as never);
    // As the service does at start (the stores' onInfrastructureReady, run by ServiceLifecycle), on an empty database.
    await Promise.all([messages.ensureIndexes(), recipients.ensureIndexes(), awaiting.ensureIndexes(), relay.ensureIndexes(), broadcasts.onInfrastructureReady(), acknowledgements.onInfrastructureReady()]);

    // 1500 recipients in their groups (joinGroup creates them); some with their address given; a few bounced.
    const people = Array.from({ length: 1500 }, (_, i) => i);
    await inBatches(people, 100, (i) => recipients.joinGroup(recipientId(i), municipalityOf(i), groupOf(i), areaOf(i)));
    await inBatches(people.filter((i) => i % 5 === 0), 100, (i) => recipients.upsertContact({ id: recipientId(i), municipalityId: municipalityOf(i), name: `Person ${i}`, email: `person-${i}@example.se`, mobile: i % 3 ? null : `+4670${1_000_000 + i}`, smsOptIn: i % 3 === 0 }));
    await inBatches(people.filter((i) => i % 60 === 7), 50, (i) => recipients.markEmailBounced(municipalityOf(i), recipientId(i), new Date(now.getTime() - (i % 30) * DAY), announce));
    seededMessages = Array.from({ length: 3000 }, (_, i) => seededMessage(i));
    for (let start = 0; start < seededMessages.length; start += 1000) await messages.createMany(seededMessages.slice(start, start + 1000));
    await inBatches(Array.from({ length: 40 }, (_, i) => i), 20, (i) =>
      broadcasts.create({ id: `broadcast-${i}`, municipalityId: municipalityOf(i), subject: 'Möte', body: 'Välkomna', category: 'information', channels: ['email'], filter: { groupIds: [groupOf(i)] }, createdBy: 'staff', createdAt: now, recipients: 0, messages: 0 }),
    );
    // A contact person of every tenth group (issue 14: audience, relay), and acknowledgements of some broadcasts.
    await inBatches(people.filter((i) => i % 10 === 0), 50, (i) => recipients.recordContactPersonFact(recipientId(i), municipalityOf(i), { kind: 'group-activated', groupId: groupOf(i), areaId: areaOf(i) }));
    await inBatches(people.filter((i) => i % 3 === 0), 100, (i) => acknowledgements.record({ municipalityId: municipalityOf(i), broadcastId: `broadcast-${i % 30}`, recipientId: recipientId(i), groupIds: [groupOf(i)], at: now }));
    // Records wait for a person only a short while (housekeeping gives them up after some days): few are past the cutoff.
    seededAwaiting = Array.from({ length: 600 }, (_, i) => ({
      id: `event-${i}:rule-${i % 3}`,
      recipientId: `unknown-person-${i % 400}`,
      municipalityId: municipalityOf(i),
      ruleId: `rule-${i % 3}`,
      event: { eventId: `event-${i}`, type: 'enrolment.member-joined.v1', occurredAt: now.toISOString(), municipalityId: municipalityOf(i), correlationId: randomUUID(), causationId: null, payload: { groupName: 'Grupp' } },
      since: new Date(now.getTime() - (i % 100 === 0 ? 40 : i % 13) * DAY),
    }));
    await inBatches(seededAwaiting, 100, (a) => awaiting.add(a));
    // A few recipients whose events a dead process left unpublished (the relay's recovery query finds them).
    await db.collection('recipients').updateMany({ _id: { $in: ['person-1', 'person-2', 'person-3'] } } as never, { $set: { outboxPending: true, outboxLeaseUntil: 0 } });
  }, 60_000);

  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const drain = async (stream: AsyncGenerator<unknown>) => {
    for await (const _batch of stream) {
      // read every batch
    }
  };
  const m = (i: number) => seededMessages[i]!;
  const hot: Array<[string, keyof typeof rec, () => Promise<unknown>]> = [
    ['recipients.get', 'recipients', () => recipients.get(municipalityOf(10), recipientId(10))],
    ['recipients.upsertContact', 'recipients', () => recipients.upsertContact({ id: recipientId(11), municipalityId: municipalityOf(11), email: 'ny@example.se' }, announce)],
    ['recipients.joinGroup', 'recipients', () => recipients.joinGroup(recipientId(12), municipalityOf(12), 'group-new', areaOf(12))],
    ['recipients.leaveGroup', 'recipients', () => recipients.leaveGroup(municipalityOf(12), recipientId(12), 'group-new')],
    ['recipients.setPreferences', 'recipients', () => recipients.setPreferences(recipientId(13), municipalityOf(13), defaultPreferences(), now)],
    ['recipients.updatePreferences', 'recipients', () => recipients.updatePreferences(recipientId(13), municipalityOf(13), (p) => p, now)],
    ['recipients.markEmailBounced', 'recipients', () => recipients.markEmailBounced(municipalityOf(14), recipientId(14), now, announce)],
    ['recipients.claimBounceSms', 'recipients', () => recipients.claimBounceSms(municipalityOf(14), recipientId(14), now)],
    ['recipients.unreachable', 'recipients', () => recipients.unreachable('ale', 100)],
    ['recipients.stream (municipality)', 'recipients', () => drain(recipients.stream({ municipalityId: 'ale' }, 200))],
    ['recipients.stream (groups)', 'recipients', () => drain(recipients.stream({ municipalityId: 'ale', groupIds: [groupOf(0), groupOf(12)] }, 200))],
    ['recipients.stream (areas)', 'recipients', () => drain(recipients.stream({ municipalityId: 'ale', areaIds: [areaOf(0)] }, 200))],
    ['recipients.stream (groups or areas)', 'recipients', () => drain(recipients.stream({ municipalityId: 'ale', groupIds: [groupOf(0)], areaIds: [areaOf(12)] }, 200))],
    ['recipients.erase', 'recipients', () => recipients.erase(municipalityOf(15), recipientId(15))],
    ['recipients: OutboxRelay.recoverOnce', 'recipients', () => relay.recoverOnce()],
    ['messages.get', 'messages', () => messages.get(m(20).id)],
    ['messages.findByProviderId', 'messages', () => messages.findByProviderId(m(21).channel, m(21).providerMessageId!)],
    ['messages.claimForSending', 'messages', () => messages.claimForSending(m(8).id, now, { tokenHash: 'hash-new', expiresAt: now })],
    ['messages.transition', 'messages', () => messages.transition(m(8).id, 'sent', now, null, { providerMessageId: 'provider-new' }, ['sending'])],
    ['messages.search (municipality)', 'messages', () => messages.search({ municipalityId: 'ale', limit: 50 })],
    ['messages.search (status, channel, before)', 'messages', () => messages.search({ municipalityId: 'ale', status: 'failed', channel: 'email', before: now, limit: 50 })],
    ['messages.search (recipient)', 'messages', () => messages.search({ municipalityId: m(22).municipalityId, recipientId: m(22).recipientId, limit: 50 })],
    ['messages.ofRecipient', 'messages', () => messages.ofRecipient(m(22).municipalityId, m(22).recipientId)],
    ['messages.search (broadcast)', 'messages', () => messages.search({ municipalityId: m(10).municipalityId, broadcastId: m(10).broadcastId!, limit: 50 })],
    ['messages.broadcastTotals', 'messages', () => messages.broadcastTotals(m(10).municipalityId, m(10).broadcastId!)],
    ['messages.findGrant', 'messages', () => messages.findGrant(m(21).unsubscribe!.tokenHash)],
    ['messages.eraseRecipientTexts', 'messages', () => messages.eraseRecipientTexts(m(23).municipalityId, m(23).recipientId)],
    ['broadcasts.get', 'broadcasts', () => broadcasts.get('ale', 'broadcast-0')],
    ['broadcasts.setCounts', 'broadcasts', () => broadcasts.setCounts('ale', 'broadcast-0', 10, 10)],
    ['broadcasts.finish', 'broadcasts', () => broadcasts.finish('ale', 'broadcast-0', 10, 10)],
    ['broadcasts.unfinished', 'broadcasts', () => broadcasts.unfinished(100)],
    ['recipients.recordContactPersonFact', 'recipients', () => recipients.recordContactPersonFact(recipientId(16), municipalityOf(16), { kind: 'nominated', nominationId: randomUUID(), groupId: groupOf(16), areaId: areaOf(16) })],
    ['recipients.count (contact persons of groups or areas)', 'recipients', () => recipients.count({ municipalityId: 'ale', groupIds: [groupOf(0)], areaIds: [areaOf(12)], audience: 'contact-persons' })],
    ['recipients.stream (relay: members and contact persons)', 'recipients', () => drain(recipients.stream({ municipalityId: 'ale', groupIds: [groupOf(0)], audience: 'members-and-contact-persons' }, 200))],
    ['messages.broadcastStatuses', 'messages', () => messages.broadcastStatuses(m(10).municipalityId, m(10).broadcastId!, [m(10).recipientId, m(20).recipientId])],
    ['messages.findByAckToken', 'messages', () => messages.findByAckToken('hash-unknown')],
    ['acknowledgements.counts', 'acknowledgements', () => acknowledgements.counts('ale', 'broadcast-0')],
    ['acknowledgements.eraseRecipient', 'acknowledgements', () => acknowledgements.eraseRecipient('ale', 'person-0')],
    ['recipients.count (groups or areas)', 'recipients', () => recipients.count({ municipalityId: 'ale', groupIds: [groupOf(0)], areaIds: [areaOf(12)] })],
    ['awaiting.forRecipient', 'awaiting', () => awaiting.forRecipient(seededAwaiting[30]!.municipalityId, seededAwaiting[30]!.recipientId)],
    ['awaiting.remove', 'awaiting', () => awaiting.remove(seededAwaiting[31]!.municipalityId, [seededAwaiting[31]!.id])],
    ['awaiting.eraseRecipient', 'awaiting', () => awaiting.eraseRecipient(seededAwaiting[32]!.municipalityId, seededAwaiting[32]!.recipientId)],
    ['awaiting.purgeOlderThan', 'awaiting', () => awaiting.purgeOlderThan('ale', new Date(now.getTime() - 30 * DAY))],
  ];

  it.each(hot)('%s', async (label, recorder, run) => {
    const checked = await expectRecordedQueriesIndexServed(db, rec[recorder], label, run);
    expect(checked.every((c) => c.verdict.kind === 'index')).toBe(true);
  });
});
