import { type Admin, ConfigResourceTypes, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { type ReadinessCheck, withTimeout } from '@trygg/observability';
import { createKafka, type KafkaSettings } from './kafka';
import { createProducer, EventPublisher } from './publisher';

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
}

/**
 * One Kafka connection per process: the producer every publisher uses, topic creation, and the readiness check.
 * Connecting never blocks start-up; while Kafka is away the service says so and keeps trying.
 */
export class KafkaClient implements ReadinessCheck {
  readonly name = 'kafka';
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly publisher: EventPublisher;
  private admin: Admin | undefined;
  private connected = false;
  private stopped = false;
  private connecting: Promise<void> | undefined;
  private readonly log: Logger;

  constructor(settings: KafkaSettings) {
    this.kafka = createKafka(settings);
    this.producer = createProducer(this.kafka);
    this.publisher = new EventPublisher(this.producer, settings.producer);
    this.log = settings.logger.child({ component: 'kafka' });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connected = false;
    });
    this.producer.on(this.producer.events.CONNECT, () => {
      this.connected = true;
    });
  }

  start(): Promise<void> {
    this.connecting ??= this.connectWithRetry();
    return this.connecting;
  }

  private async connectWithRetry(): Promise<void> {
    let delay = 500;
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.producer.connect();
        this.admin = this.kafka.admin();
        await this.admin.connect();
        this.log.info({ dependency: 'kafka', attempt }, 'connected to Kafka');
        return;
      } catch (error) {
        this.log.error({ dependency: 'kafka', attempt, err: (error as Error).message }, `Kafka is unreachable; retrying in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  /**
   * Creates missing topics (auto-creation is off on the broker: topics come from the contracts registry) and gives
   * the topics that carry personal data their bounded retention (`retention.ms`), also on topics that already exist.
   */
  async ensureTopics(
    topics: readonly string[],
    options: { numPartitions?: number; retentionMs?: ReadonlyMap<string, number> } = {},
  ): Promise<void> {
    await this.start();
    if (!this.admin) throw new Error('Kafka admin not connected');
    const retention = options.retentionMs ?? new Map<string, number>();
    const configFor = (topic: string) => {
      const ms = retention.get(topic);
      return ms === undefined ? [] : [{ name: 'retention.ms', value: String(ms) }];
    };
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        await this.admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: options.numPartitions ?? 3, replicationFactor: -1, configEntries: configFor(topic) })),
        });
        this.log.info({ topics: missing }, 'created topics');
      } catch (error) {
        // Another service created some of them at the same moment: fine, as long as they exist now.
        const now = new Set(await this.admin.listTopics());
        if (missing.some((t) => !now.has(t))) throw error;
      }
    }
    const retained = topics.filter((t) => existing.has(t) && retention.has(t));
    if (retained.length > 0) {
      await this.admin.alterConfigs({
        validateOnly: false,
        resources: retained.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configEntries: configFor(name) })),
      });
    }
  }

  /** The topic's retention.ms as the broker has it (for checks and tests). */
  async retentionMsOf(topic: string): Promise<number | undefined> {
    await this.start();
    if (!this.admin) throw new Error('Kafka admin not connected');
    const described = await this.admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    });
    const value = described.resources[0]?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
    return value === undefined ? undefined : Number(value);
  }

  async check(): Promise<void> {
    if (!this.connected || !this.admin) throw new Error('not connected');
    await this.admin.describeCluster();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // Never let a broker that is away hold up shutdown.
    await withTimeout(
      Promise.all([this.admin?.disconnect(), this.producer.disconnect()]),
      5000,
      'Kafka disconnect',
    ).catch(() => undefined);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
