import { type DynamicModule, Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { allTopics, personalDataTopics } from '@trygg/contracts';
import type { ServiceBaseConfig } from '@trygg/config';
import { isDependencyUnavailable, KafkaClient } from '@trygg/messaging';
import { type Logger, ObservabilityModule, type ReadinessCheck } from '@trygg/observability';
import { MongoConnection } from '@trygg/persistence';

export interface ServiceInfrastructure {
  logger: Logger;
  mongo: MongoConnection;
  kafka: KafkaClient;
  /** retention.ms per topic that carries personal data. */
  topicRetention: ReadonlyMap<string, number>;
}

/** The connections every service has: its own MongoDB database and one Kafka client. Nothing connects yet. */
export function createInfrastructure(service: string, config: ServiceBaseConfig, logger: Logger): ServiceInfrastructure {
  return {
    logger,
    mongo: new MongoConnection({ url: config.MONGO_URL, logger }),
    kafka: new KafkaClient({ clientId: service, brokers: config.KAFKA_BROKERS, logger }),
    topicRetention: new Map(personalDataTopics().map((topic) => [topic, config.PERSONAL_DATA_RETENTION_MS])),
  };
}

export interface LifecycleHooks {
  /** More readiness checks beyond MongoDB and Kafka (Redis, consumers). */
  readinessChecks?: ReadinessCheck[];
  /**
   * Runs once MongoDB and Kafka are connected and the topics exist: indexes, relays, consumers, workers. Run again
   * (with backoff) when it fails because a dependency went away meanwhile, so its steps must be safe to repeat.
   */
  afterConnect?: () => Promise<void>;
  /** Runs first on shutdown, before the connections close. */
  beforeShutdown?: () => Promise<void>;
}

const OPTIONS = Symbol('INFRASTRUCTURE_OPTIONS');
const AFTER_CONNECT_FIRST_RETRY_MS = 500;
const AFTER_CONNECT_MAX_RETRY_MS = 10_000;

export interface InfrastructureOptions extends ServiceInfrastructure, LifecycleHooks {}

export class InfrastructureLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;

  constructor(@Inject(OPTIONS) private readonly o: InfrastructureOptions) {}

  onApplicationBootstrap(): void {
    // In the background: HTTP and /health are up at once, even while a dependency is down; the connections say
    // which one is missing and keep retrying, and /health/ready stays 503 until all are there.
    void (async () => {
      await Promise.all([this.o.mongo.start(), this.o.kafka.start().then(() => this.o.kafka.ensureTopics(allTopics(), { retentionMs: this.o.topicRetention }))]);
      await this.afterConnect();
    })().catch((error: Error) => this.o.logger.error({ err: error.message }, 'start-up task failed'));
  }

  /**
   * The service's own start-up steps. A dependency that went away between connecting and these steps (the driver is
   * connected to the store, whose database is restarting) is waited for, not given up on: else the service would
   * stay unready for good.
   */
  private async afterConnect(): Promise<void> {
    for (let delay = AFTER_CONNECT_FIRST_RETRY_MS; ; delay = Math.min(delay * 2, AFTER_CONNECT_MAX_RETRY_MS)) {
      try {
        await this.o.afterConnect?.();
        return;
      } catch (error) {
        if (this.stopped || !isDependencyUnavailable(error)) throw error;
        this.o.logger.warn({ err: (error as Error).message, retryInMs: delay }, 'start-up task waits for a dependency');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.o.beforeShutdown?.().catch((error: Error) => this.o.logger.warn({ err: error.message }, 'shutdown hook failed'));
    await this.o.kafka.stop();
    await this.o.mongo.stop();
  }
}

/** Observability (logs, health) plus the start and stop of a service's connections. */
@Module({})
export class InfrastructureLifecycleModule {
  static forRoot(infrastructure: ServiceInfrastructure, hooks: LifecycleHooks = {}): DynamicModule {
    const options: InfrastructureOptions = { ...infrastructure, ...hooks };
    return {
      module: InfrastructureLifecycleModule,
      imports: [
        ObservabilityModule.forRoot({
          logger: infrastructure.logger,
          readinessChecks: [infrastructure.mongo, infrastructure.kafka, ...(hooks.readinessChecks ?? [])],
        }),
      ],
      providers: [{ provide: OPTIONS, useValue: options }, InfrastructureLifecycle],
    };
  }
}
