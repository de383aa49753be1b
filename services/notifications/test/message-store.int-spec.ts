import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { testMongo } from '@trygg/testing';
import { idempotencyKey, messageIdFor, type OutgoingMessage } from '../src/domain/message';
import { MongoMessageStore } from '../src/infrastructure/mongo-message-store';

// The message store's coalesced worker operations (issue 10) on the shared FerretDB (own database): claims made at the
// same moment go in one bulkWrite, yet each caller learns whether its own claim won — two claims of one message give
// exactly one winner, a message no longer queued is not claimed, and the others in the batch are; `sent` records in
// one batch each land on their message with their history entry.

const database = `ntf_msgstore_${randomUUID().slice(0, 8)}`;

function message(n: number): OutgoingMessage {
  const key = idempotencyKey({ eventId: `event-${database}`, recipientId: `person-${n}`, channel: 'email', template: 'area-message' });
  const now = new Date();
  return {
    id: messageIdFor(key), idempotencyKey: key, municipalityId: 'ale', recipientId: `person-${n}`, channel: 'email', template: 'area-message',
    category: 'information', language: 'sv', eventId: `event-${database}`, eventType: 'notifications.broadcast', correlationId: 'c', payload: null,
    broadcastId: null, link: null, notBefore: now, status: 'queued', history: [{ status: 'queued', at: now, detail: null }], attempts: 0, lastError: null,
    providerMessageId: null, segments: null, encoding: null, unsubscribe: null, createdAt: now, updatedAt: now,
  };
}

describe('MongoMessageStore: coalesced claims and records', () => {
  let client: mongo.MongoClient;
  let store: MongoMessageStore;
  beforeAll(async () => {
    client = await testMongo();
    store = new MongoMessageStore(client.db(database).collection('messages') as never);
    await store.ensureIndexes();
  });
  afterAll(async () => {
    await client.db(database).dropDatabase();
    await client.close();
  });

  it('gives each of many concurrent claims its own answer: one winner per message, none for a message not queued', async () => {
    const messages = Array.from({ length: 12 }, (_, i) => message(i));
    await store.createMany(messages);
    await store.transition(messages[0]!.id, 'skipped', new Date(), 'opted out', {}, ['queued']);
    const now = new Date();
    // Issued in one turn: they share round trips. messages[1] is claimed twice.
    const claims = await Promise.all([
      ...messages.map((m) => store.claimForSending(m.id, now, { tokenHash: `hash-${m.id}`, expiresAt: now })),
      store.claimForSending(messages[1]!.id, now),
    ]);
    expect(claims[0]).toBe(false);
    expect(claims.slice(2, 12).every(Boolean)).toBe(true);
    expect([claims[1], claims[12]].filter(Boolean)).toHaveLength(1);
    const again = await store.claimForSending(messages[5]!.id, now);
    expect(again).toBe(false);

    const stored = await Promise.all(messages.map((m) => store.get(m.id)));
    expect(stored[0]?.status).toBe('skipped');
    expect(stored.slice(1).every((m) => m?.status === 'sending' && m.attempts === 1)).toBe(true);
    expect(stored[3]?.unsubscribe?.tokenHash).toBe(`hash-${messages[3]!.id}`);
    expect(stored[3]).not.toHaveProperty('claimId');

    await Promise.all(messages.slice(1).map((m, i) => store.recordSent(m.id, new Date(), null, { providerMessageId: `<p${i}>`, lastError: null })));
    const sent = await Promise.all(messages.slice(1).map((m) => store.get(m.id)));
    expect(sent.map((m) => m?.status)).toEqual(Array(11).fill('sent'));
    expect(sent[0]?.history.map((h) => h.status)).toEqual(['queued', 'sending', 'sent']);
    expect(sent[10]?.providerMessageId).toBe('<p10>');
  }, 30_000);

  it('erasure forgets the payload, the last error and every history detail of the person, and nothing of anyone else', async () => {
    const [mine, other] = [message(100), message(101)];
    await store.createMany([{ ...mine, payload: { name: 'Anna' } }, { ...other, payload: { name: 'Bo' } }]);
    for (const m of [mine, other]) await store.transition(m.id, 'failed', new Date(), '550 <[email]> no such user', { lastError: '550 <[email]> no such user' });
    await store.eraseRecipientTexts('ale', mine.recipientId);
    const [erased, kept] = await Promise.all([store.get(mine.id), store.get(other.id)]);
    expect(erased).toMatchObject({ payload: null, lastError: null, status: 'failed', template: 'area-message' });
    expect(erased!.history.map((h) => [h.status, h.detail, h.at instanceof Date])).toEqual([['queued', null, true], ['failed', null, true]]);
    expect(kept).toMatchObject({ payload: { name: 'Bo' }, lastError: '550 <[email]> no such user' });
    expect(kept!.history.at(-1)?.detail).toBe('550 <[email]> no such user');
  });
});
