import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
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

/** Reads a topic from the beginning with a throw-away group and collects the messages that match. */
export class TopicReader {
  readonly messages: KafkaMessage[] = [];
  private readonly consumer;

  constructor(kafka: Kafka, private readonly topic: string) {
    this.consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, sessionTimeout: 10_000 });
  }

  async start(): Promise<this> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.messages.push(message);
      },
    });
    return this;
  }

  async waitFor(what: string, predicate: (m: KafkaMessage) => boolean, timeoutMs = 30_000): Promise<KafkaMessage> {
    return waitFor(what, () => this.messages.find(predicate), { timeoutMs });
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
