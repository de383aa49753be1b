import { randomUUID } from 'node:crypto';
import { personalDataTopics, RegistrationSubmittedV1, GroupActivatedV1, dlqTopicOf } from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import { KafkaClient } from '../src';

// Topics that carry personal data get a bounded retention, at creation and when they already exist.

const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

describe('topic retention on a real broker', () => {
  const kafka = new KafkaClient({ clientId: 'topics-test', brokers, logger: createLogger('topics-test', 'silent') });
  const run = randomUUID().slice(0, 8);
  const personal = `test.personal-${run}.v1`;
  const idsOnly = `test.ids-only-${run}.v1`;

  afterAll(async () => {
    const admin = kafka.kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [personal, idsOnly] }).catch(() => undefined);
    await admin.disconnect();
    await kafka.stop();
  }, 30_000);

  it('marks exactly the contracts that carry personal data, with their dead-letter topics', () => {
    expect(personalDataTopics()).toEqual(expect.arrayContaining([RegistrationSubmittedV1.type, dlqTopicOf(RegistrationSubmittedV1.type)]));
    expect(personalDataTopics()).not.toContain(GroupActivatedV1.type);
  });

  it('creates a personal-data topic with its retention and leaves other topics at the broker default', async () => {
    await kafka.ensureTopics([personal, idsOnly], { retentionMs: new Map([[personal, 3_600_000]]) });
    expect(await kafka.retentionMsOf(personal)).toBe(3_600_000);
    expect(await kafka.retentionMsOf(idsOnly)).not.toBe(3_600_000);
  }, 30_000);

  it('brings an existing topic to the configured retention', async () => {
    await kafka.ensureTopics([personal], { retentionMs: new Map([[personal, 7_200_000]]) });
    expect(await kafka.retentionMsOf(personal)).toBe(7_200_000);
  }, 30_000);
});
