import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, RegistrationSubmittedV1, type EventEnvelope } from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import { header, testKafka, testMongo, TopicReader, waitFor } from '@trygg/testing';
import { KafkaClient, outboxForInsert, outboxForUpdate, OutboxRelay, EVENT_HEADERS } from '../src';

// Against the real FerretDB (or MongoDB) and Kafka started by deploy/local/infra.sh.

const logger = createLogger('outbox-test', 'silent');
const topic = RegistrationSubmittedV1.type;

function registrationEvent(registrationId: string): EventEnvelope {
  return createEvent(
    RegistrationSubmittedV1,
    { municipalityId: 'ale', correlationId: `test-${registrationId}` },
    { registrationId, personId: randomUUID(), name: 'Test Testsson', email: 'test@example.se', language: 'sv' },
  );
}

describe('the outbox on a real database and broker', () => {
  let client: mongo.MongoClient;
  let collection: mongo.Collection<mongo.Document>;
  let kafka: KafkaClient;
  let reader: TopicReader;
  const relays: OutboxRelay[] = [];
  const newRelay = () => {
    const relay = new OutboxRelay(collection, kafka.publisher, logger);
    relays.push(relay);
    return relay;
  };
  const published = (eventId: string) => reader.matching((m) => header(m, EVENT_HEADERS.eventId) === eventId);

  beforeAll(async () => {
    client = await testMongo();
    collection = client.db('test_outbox').collection(`aggregates_${Date.now()}`);
    kafka = new KafkaClient({ clientId: 'outbox-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logger });
    await kafka.start();
    await kafka.ensureTopics([topic, `${topic}.dlq`]);
    reader = await new TopicReader(testKafka(), topic).start();
  }, 60_000);

  afterAll(async () => {
    relays.forEach((r) => r.stop());
    await reader.stop();
    await kafka.stop();
    await collection.drop().catch(() => undefined);
    await client.close();
  }, 30_000);

  it('publishes the events written with a document, keyed by the aggregate, and clears them', async () => {
    const id = randomUUID();
    const events = [registrationEvent(id), registrationEvent(id)];
    await collection.insertOne({ _id: id as never, version: 1, ...outboxForInsert(events) });
    await newRelay().flush(id);

    for (const event of events) {
      const message = await reader.waitFor(`event ${event.eventId}`, (m) => header(m, EVENT_HEADERS.eventId) === event.eventId);
      expect(message.key?.toString()).toBe(id);
      expect(JSON.parse(message.value!.toString())).toEqual(event);
    }
    const offsets = events.map((e) => BigInt(published(e.eventId)[0]!.offset));
    expect(offsets[0]! < offsets[1]!).toBe(true); // written order is published order
    expect(await collection.findOne({ _id: id as never })).toMatchObject({ outbox: {}, outboxPending: false, outboxLeaseUntil: 0 });
  });

  it('recovers events left behind by a process that died between the write and the publish', async () => {
    const id = randomUUID();
    const event = registrationEvent(id);
    // The "dead" writer: the document is stored with its event, and nobody flushed it.
    await collection.insertOne({ _id: id as never, version: 1, ...outboxForInsert([event]) });
    expect(published(event.eventId)).toHaveLength(0);

    const survivor = newRelay();
    await survivor.recoverOnce();
    await reader.waitFor('the recovered event', (m) => header(m, EVENT_HEADERS.eventId) === event.eventId);
    expect((await collection.findOne({ _id: id as never }))?.['outboxPending']).toBe(false);
  });

  it('publishes each document once when the relays of two processes race for the same documents (the lease decides)', async () => {
    const ids = Array.from({ length: 10 }, () => randomUUID());
    const events = ids.map((id) => registrationEvent(id));
    await collection.insertMany(ids.map((id, n) => ({ _id: id as never, version: 1, ...outboxForInsert([events[n]!]) })));
    const [one, two] = [newRelay(), newRelay()];
    await Promise.all(ids.flatMap((id) => [one.flush(id), two.flush(id), two.recoverOnce(), one.flush(id)]));
    // Every flush was awaited (publishes are acknowledged before a flush returns): read the topic to its end, then count.
    await reader.caughtUp();
    for (const id of ids) expect(await collection.findOne({ _id: id as never })).toMatchObject({ outbox: {}, outboxPending: false });
    for (const event of events) expect(published(event.eventId)).toHaveLength(1);
  });

  it('declares the partial index the recovery poll uses', async () => {
    const relay = newRelay();
    await relay.ensureIndexes();
    const indexes = await collection.indexes();
    expect(indexes.find((i) => i.name === 'outbox_pending')).toMatchObject({ key: { outboxPending: 1, outboxLeaseUntil: 1 }, partialFilterExpression: { outboxPending: true } });
  });

  it('keeps an event appended while another relay holds the lease, and publishes it later', async () => {
    const id = randomUUID();
    const first = registrationEvent(id);
    await collection.insertOne({ _id: id as never, version: 1, ...outboxForInsert([first]) });
    // Another relay holds the lease (e.g. it is publishing right now, or it died holding it).
    await collection.updateOne({ _id: id as never }, { $set: { outboxLeaseUntil: Date.now() + 1500, outboxLeaseOwner: 'someone-else' } });
    const second = registrationEvent(id);
    const appended = await collection.updateOne({ _id: id as never, version: 1 }, { $set: { ...outboxForUpdate([second]) }, $inc: { version: 1 } });
    expect(appended.modifiedCount).toBe(1);

    const relay = newRelay();
    await relay.flush(id); // leased: nothing happens
    expect(published(second.eventId)).toHaveLength(0);
    // The poll finds the document only once the lease has run out.
    await waitFor('the lease to run out and the poll to take the document over', async () => ((await relay.recoverOnce()) > 0 ? true : undefined), { timeoutMs: 10_000 });
    await reader.waitFor('both events', (m) => header(m, EVENT_HEADERS.eventId) === second.eventId);
    expect(published(first.eventId)).toHaveLength(1);
    expect(await collection.findOne({ _id: id as never })).toMatchObject({ outbox: {}, outboxPending: false });
  });

  it('rejects a write made from a stale version (optimistic concurrency)', async () => {
    const id = randomUUID();
    await collection.insertOne({ _id: id as never, version: 1, ...outboxForInsert([]) });
    const a = await collection.updateOne({ _id: id as never, version: 1 }, { $set: { note: 'a', ...outboxForUpdate([registrationEvent(id)]) }, $inc: { version: 1 } });
    const b = await collection.updateOne({ _id: id as never, version: 1 }, { $set: { note: 'b', ...outboxForUpdate([registrationEvent(id)]) }, $inc: { version: 1 } });
    expect([a.matchedCount, b.matchedCount]).toEqual([1, 0]);
    const doc = await collection.findOne({ _id: id as never });
    expect(doc?.['note']).toBe('a');
    expect(Object.keys(doc?.['outbox'] ?? {})).toHaveLength(1);
  });
});
