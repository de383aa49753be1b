import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { createEvent, dlqTopicOf, RegistrationSubmittedV1, type EventEnvelope } from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import { header, produceRaw, testKafka, testMongo, TopicReader, waitFor, sleep } from '@trygg/testing';
import { DependencyUnavailable, DLQ_HEADERS, EventConsumer, InboxStore, KafkaClient, PermanentError, EVENT_HEADERS } from '../src';

// Against the real Kafka and FerretDB: poison messages, duplicates, transient and permanent failures.

const logger = createLogger('consumer-test', 'silent');
const topic = RegistrationSubmittedV1.type;
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

function registrationEvent(name: string): EventEnvelope {
  const registrationId = randomUUID();
  return createEvent(
    RegistrationSubmittedV1,
    { municipalityId: 'ale', correlationId: `test-${registrationId}` },
    { registrationId, personId: randomUUID(), name, email: 'test@example.se', language: 'sv' },
  );
}

describe('an event consumer on a real broker', () => {
  let client: mongo.MongoClient;
  let kafka: KafkaClient;
  let consumer: EventConsumer;
  let dlq: TopicReader;
  const handled: Array<{ eventId: string; attempt: number; name: string }> = [];
  const behaviour = new Map<string, (attempt: number) => void>(); // by name: how the handler should behave

  beforeAll(async () => {
    client = await testMongo();
    const db = client.db('test_consumer');
    const inbox = new InboxStore(db.collection(`inbox_${Date.now()}`) as never);
    await inbox.ensureIndexes();
    kafka = new KafkaClient({ clientId: 'consumer-test', brokers, logger });
    await kafka.start();
    await kafka.ensureTopics([topic, dlqTopicOf(topic)]);
    consumer = new EventConsumer({
      kafka: kafka.kafka,
      groupId: `consumer-test-${randomUUID()}`,
      fromBeginning: false,
      inbox,
      publisher: kafka.publisher,
      logger,
      maxAttempts: 3,
      retryBaseDelayMs: 20,
      handlers: {
        [topic]: async (event, { attempt }) => {
          const name = (event.payload as { name: string }).name;
          behaviour.get(name)?.(attempt);
          handled.push({ eventId: event.eventId, attempt, name });
        },
      },
    });
    await consumer.start();
    await waitFor('the consumer to join its group', async () => ((await consumer.check().then(() => true).catch(() => false)) ? true : undefined), { timeoutMs: 30_000 });
    dlq = await new TopicReader(testKafka(), dlqTopicOf(topic)).start();
  }, 90_000);

  afterAll(async () => {
    await dlq.stop();
    await consumer.stop();
    await kafka.stop();
    await client.close();
  }, 30_000);

  const send = (event: EventEnvelope) => kafka.publisher.publish([event]);
  const handledNamed = (name: string) => handled.filter((h) => h.name === name);

  it('sends a message that is not JSON to the dead-letter topic with the reason, and goes on', async () => {
    const key = `poison-${randomUUID()}`;
    await produceRaw(testKafka(), topic, [{ key, value: '{this is not json' }]);
    const after = registrationEvent(`after-poison-${key}`);
    await send(after);

    const dead = await dlq.waitFor('the poison message in the DLQ', (m) => m.key?.toString() === key);
    expect(dead.value?.toString()).toBe('{this is not json');
    expect(header(dead, DLQ_HEADERS.reason)).toMatch(/JSON/);
    expect(header(dead, DLQ_HEADERS.originalTopic)).toBe(topic);
    await waitFor('the next event to be handled', () => handledNamed(`after-poison-${key}`)[0]);
    await expect(consumer.check()).resolves.toBeUndefined();
  });

  it('dead-letters an event that breaks its contract, naming the field', async () => {
    const bad = registrationEvent('bad-contract');
    const key = `bad-${randomUUID()}`;
    await produceRaw(testKafka(), topic, [{ key, value: JSON.stringify({ ...bad, payload: { ...(bad.payload as object), email: 'nope' } }) }]);
    const dead = await dlq.waitFor('the invalid event in the DLQ', (m) => m.key?.toString() === key);
    expect(header(dead, DLQ_HEADERS.reason)).toMatch(/email/);
    expect(handled.find((h) => h.eventId === bad.eventId)).toBeUndefined();
  });

  it('acts once on an event delivered twice (idempotent by eventId)', async () => {
    const event = registrationEvent(`dup-${randomUUID()}`);
    await send(event);
    await send(event);
    // Another event with the same key (registrationId): same partition, so it is handled after both deliveries.
    const payload = event.payload as { name: string };
    const marker = createEvent(RegistrationSubmittedV1, { municipalityId: 'ale', correlationId: event.correlationId }, { ...(event.payload as object), name: `marker-${payload.name}` } as never);
    await send(marker);
    await waitFor('the event after both deliveries', () => handled.find((h) => h.eventId === marker.eventId));
    expect(handled.filter((h) => h.eventId === event.eventId)).toHaveLength(1);
  });

  it('retries a transient failure with backoff and then acts once', async () => {
    const name = `flaky-${randomUUID()}`;
    behaviour.set(name, (attempt) => {
      if (attempt < 3) throw new Error('database hiccup');
    });
    await send(registrationEvent(name));
    const done = await waitFor('the flaky event to succeed', () => handledNamed(name)[0]);
    expect(done.attempt).toBe(3);
    expect(handledNamed(name)).toHaveLength(1);
  });

  it('waits out an unavailable dependency beyond the retry limit instead of dead-lettering, then acts once', async () => {
    const name = `outage-${randomUUID()}`;
    let calls = 0;
    behaviour.set(name, () => {
      calls++;
      if (calls <= 4) throw new DependencyUnavailable('redis'); // more failures than maxAttempts (3)
    });
    const event = registrationEvent(name);
    await send(event);
    await waitFor('the event after the outage', () => handledNamed(name)[0], { timeoutMs: 30_000 });
    expect(calls).toBe(5);
    expect(handledNamed(name)).toHaveLength(1);
    expect(dlq.matching((m) => header(m, EVENT_HEADERS.eventId) === event.eventId)).toHaveLength(0);
  }, 40_000);

  it('dead-letters at once on a permanent error, and after the last attempt on a lasting transient one', async () => {
    const permanent = `permanent-${randomUUID()}`;
    const lasting = `lasting-${randomUUID()}`;
    const attempts: Record<string, number> = { [permanent]: 0, [lasting]: 0 };
    behaviour.set(permanent, () => {
      attempts[permanent]!++;
      throw new PermanentError('group does not exist');
    });
    behaviour.set(lasting, () => {
      attempts[lasting]!++;
      throw new Error('still down');
    });
    const p = registrationEvent(permanent);
    const l = registrationEvent(lasting);
    await send(p);
    await send(l);
    const deadP = await dlq.waitFor('the permanent failure', (m) => header(m, EVENT_HEADERS.eventId) === p.eventId);
    const deadL = await dlq.waitFor('the lasting failure', (m) => header(m, EVENT_HEADERS.eventId) === l.eventId);
    expect(header(deadP, DLQ_HEADERS.reason)).toBe('group does not exist');
    expect(header(deadP, DLQ_HEADERS.attempts)).toBe('1');
    expect(header(deadL, DLQ_HEADERS.attempts)).toBe('3');
    expect(attempts).toEqual({ [permanent]: 1, [lasting]: 3 });
    await expect(consumer.check()).resolves.toBeUndefined();
  });
});

describe('the inbox on a real database', () => {
  it('forgets handled event ids older than the retention, and keeps the recent ones', async () => {
    const client = await testMongo();
    try {
      const inbox = new InboxStore(client.db('test_consumer').collection(`inbox_purge_${Date.now()}`) as never);
      await inbox.ensureIndexes();
      expect(await inbox.record('g', 'old', 't')).toBe(true);
      expect(await inbox.record('g', 'old', 't')).toBe(false); // unique (consumer, eventId)
      await sleep(20);
      const cutoff = new Date();
      await inbox.record('g', 'new', 't');
      expect(await inbox.purgeOlderThan(cutoff)).toBe(1);
      expect(await inbox.has('g', 'old')).toBe(false);
      expect(await inbox.has('g', 'new')).toBe(true);
    } finally {
      await client.close();
    }
  });
});
