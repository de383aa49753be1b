import { randomUUID } from 'node:crypto';
import { AssignerProtocol, Kafka, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
import type { z } from 'zod';
import { createEvent, type EventContext, type EventContract, type EventEnvelope } from '@trygg/contracts';
import { waitFor } from './wait';

export function testKafka(): Kafka {
  return new Kafka({
    clientId: `test-${randomUUID().slice(0, 8)}`,
    brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
}

/** Produces bytes as they are, valid or not: how tests send poison messages. */
export async function produceRaw(kafka: Kafka, topic: string, messages: Array<{ key?: string; value: string; headers?: IHeaders }>): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Publishes a valid event of a contract (validated like a service's publisher does) to its topic, keyed as the
 * contract says, and returns the envelope: how tests play the part of another service.
 */
export async function publishEvent<TType extends string, TSchema extends z.ZodType>(
  kafka: Kafka,
  contract: EventContract<TType, TSchema>,
  context: EventContext,
  payload: z.input<TSchema>,
): Promise<EventEnvelope<TType, z.infer<TSchema>>> {
  const event = createEvent(contract, context, payload);
  await produceRaw(kafka, contract.type, [{ key: contract.keyOf(event.payload), value: JSON.stringify(event) }]);
  return event;
}

/** Reads a topic from the beginning with a throw-away group and collects the messages that match. */
export class TopicReader {
  readonly messages: KafkaMessage[] = [];
  private readonly consumer;
  /** The next offset to read per partition (one past the last message seen). */
  private readonly next = new Map<number, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {
    this.consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, sessionTimeout: 10_000 });
  }

  async start(): Promise<this> {
    await this.ensureTopic();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => {
        this.messages.push(message);
        this.next.set(partition, BigInt(message.offset) + 1n);
      },
    });
    return this;
  }

  /**
   * Topic auto-creation is off on the broker (services create the registry's topics when they start). On a fresh
   * broker a reader may subscribe before any service has started: create the topic as the services would (3
   * partitions; a service's start still sets the retention of a personal-data topic that exists already).
   */
  private async ensureTopic(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // Services (and other readers) may be creating the same topic at this moment: kafkajs' own wait for leaders then
      // fails ("does not host this topic-partition"). Create it if it is missing, and wait until every partition has a
      // leader, whoever created it.
      await waitFor(
        `topic ${this.topic} with a leader for every partition`,
        async () => {
          if (!(await admin.listTopics()).includes(this.topic)) {
            await admin.createTopics({ waitForLeaders: false, topics: [{ topic: this.topic, numPartitions: 3, replicationFactor: -1 }] }).catch(() => undefined);
            return undefined;
          }
          const [metadata] = (await admin.fetchTopicMetadata({ topics: [this.topic] })).topics;
          return metadata && metadata.partitions.length > 0 && metadata.partitions.every((p) => p.leader >= 0) ? true : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    } finally {
      await admin.disconnect();
    }
  }

  async waitFor(what: string, predicate: (m: KafkaMessage) => boolean, timeoutMs = 30_000): Promise<KafkaMessage> {
    return waitFor(what, () => this.messages.find(predicate), { timeoutMs });
  }

  /**
   * Waits until the reader has read everything the topic holds now (each partition up to its current end): after it,
   * a message that was not seen was never published — the signal to assert that something happened only once.
   */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: Array<{ partition: number; high: string; low: string }>;
    try {
      ends = await admin.fetchTopicOffsets(this.topic);
    } finally {
      await admin.disconnect();
    }
    await waitFor(
      `the reader of ${this.topic} to reach the end of every partition`,
      () => ends.every((e) => BigInt(e.high) <= BigInt(e.low) || (this.next.get(e.partition) ?? 0n) >= BigInt(e.high)) || undefined,
      { timeoutMs },
    );
  }

  matching(predicate: (m: KafkaMessage) => boolean): KafkaMessage[] {
    return this.messages.filter(predicate);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export function header(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  return value === undefined ? undefined : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/**
 * Commits a new consumer group's offsets at the current end of each topic, before its service starts: a service that
 * subscribes from the beginning then reads only what the test produces, not the shared broker's history (which it
 * would otherwise replay, answer and dead-letter, disturbing other tests on the same cluster). Topics that do not
 * exist yet are skipped (nothing to replay). One join of the group for all topics (admin.setOffsets joins once per
 * topic, ~5 s each).
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const ends: Array<{ topic: string; partition: number; offset: string }> = [];
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const p of await admin.fetchTopicOffsets(topic)) ends.push({ topic, partition: p.partition, offset: p.high });
    }
  } finally {
    await admin.disconnect();
  }
  if (ends.length === 0) return;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000 });
  await consumer.connect();
  try {
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.subscribe({ topics: [...new Set(ends.map((e) => e.topic))], fromBeginning: false });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await joined;
    await consumer.commitOffsets(ends);
  } finally {
    await consumer.disconnect();
  }
}

/**
 * True when every given consumer group has committed the end of every partition it is assigned on the given topics
 * (everything published there has been handled), undefined otherwise (also while a group rebalances or has no
 * member): a signal for `waitFor` before counting what a flow caused. Topics a group does not consume are ignored.
 */
export async function consumerGroupsCaughtUp(kafka: Kafka, groupIds: readonly string[], topics: readonly string[]): Promise<true | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([...groupIds]);
    for (const g of groups) {
      if (g.state !== 'Stable') return undefined;
      const assigned = new Set<string>();
      for (const member of g.members) {
        const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
        for (const topic of Object.keys(decoded?.assignment ?? {})) if (topics.includes(topic)) assigned.add(topic);
      }
      if (assigned.size === 0) continue;
      const committed = await admin.fetchOffsets({ groupId: g.groupId, topics: [...assigned] });
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const p of partitions) {
          const end = ends.find((e) => e.partition === p.partition)?.high ?? '0';
          if (end !== '0' && p.offset !== end) return undefined;
        }
      }
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}
