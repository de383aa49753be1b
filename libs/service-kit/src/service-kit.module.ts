import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { allTopics, personalDataTopics } from '@trygg/contracts';
import type { ConsumerConfig, ServiceBaseConfig } from '@trygg/config';
import { InboxStore, isDependencyUnavailable, KafkaClient, KafkaEventTransport, type KafkaSecurity } from '@trygg/messaging';
import { type Logger, LOGGER, ObservabilityModule, ReadinessRegistry } from '@trygg/observability';
import { isTransientWriteError, MongoConnection } from '@trygg/persistence';
import { accessProviders } from '@trygg/auth';
import { defineRoute, type RouteContract, secretPathParams } from '@trygg/http-contracts';

/** The service's validated configuration (its own zod schema's output): inject with `@Inject(SERVICE_CONFIG)`. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
const SERVICE_NAME = Symbol('SERVICE_NAME');

/**
 * A provider with this method is found by Nest's discovery and called once MongoDB and Kafka are connected and the
 * topics exist (indexes, relays, workers). All of them run together; the event consumer joins after the last one.
 * It runs again (with backoff) when a dependency went away meanwhile, so it must be safe to repeat.
 */
export interface OnInfrastructureReady {
  onInfrastructureReady(): Promise<void> | void;
}

/** A provider with this method is called on shutdown, after the event consumer stopped, before the connections close. */
export interface BeforeInfrastructureShutdown {
  beforeInfrastructureShutdown(): Promise<void> | void;
}

/** libs/config's KAFKA_SASL_* and KAFKA_SSL* (validated together at start) as the messaging lib's security settings. */
export function kafkaSecurityOf(config: ServiceBaseConfig): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD) {
    security.sasl = { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME, password: config.KAFKA_SASL_PASSWORD };
  }
  if (config.KAFKA_SSL) security.ssl = { caFile: config.KAFKA_SSL_CA_FILE, certFile: config.KAFKA_SSL_CERT_FILE, keyFile: config.KAFKA_SSL_KEY_FILE };
  return security;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/**
 * The settings every service with a database and events has (libs/config serviceBaseShape), and how it consumes
 * events (libs/config consumerShape; omitted by a service that consumes no events).
 */
export interface ServiceKitConfig extends ServiceBaseConfig, Partial<ConsumerConfig> {}

/**
 * Connects MongoDB and Kafka in the background once the application is up (HTTP and /health answer at once; ready
 * is 503 until everything is there), then runs every provider's `onInfrastructureReady`, then lets the event
 * consumer join. On shutdown: the consumer has already stopped (Nest closes the microservice first), then every
 * `beforeInfrastructureShutdown`, then the connections.
 */
@Injectable()
export class ServiceLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;
  private readonly started: Promise<void>;
  private markStarted!: () => void;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly mongo: MongoConnection,
    private readonly kafka: KafkaClient,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceKitConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }

  /** Resolves once connected and every start-up task has run (never, if one fails for a reason other than an outage). */
  whenStarted(): Promise<void> {
    return this.started;
  }

  onApplicationBootstrap(): void {
    const retention = new Map(personalDataTopics().map((topic) => [topic, this.config.PERSONAL_DATA_RETENTION_MS]));
    void (async () => {
      await Promise.all([this.mongo.start(), this.kafka.start().then(() => this.kafka.ensureTopics(allTopics(), { retentionMs: retention }))]);
      await this.runStartupTasks();
      this.markStarted();
    })().catch((error: Error) => this.logger.error({ err: error.message }, 'start-up task failed'));
  }

  private hooks<K extends string>(method: K): Array<Record<K, () => Promise<void> | void>> {
    const seen = new Set<unknown>();
    const found: Array<Record<K, () => Promise<void> | void>> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.isDependencyTreeStatic() ? wrapper.instance : undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      if (typeof (instance as Record<string, unknown>)[method] === 'function') found.push(instance as Record<K, () => Promise<void> | void>);
    }
    return found;
  }

  private async runStartupTasks(): Promise<void> {
    const tasks = this.hooks('onInfrastructureReady');
    for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
      try {
        await Promise.all(tasks.map((t) => t.onInfrastructureReady()));
        return;
      } catch (error) {
        // A dependency still down, or two instances starting at once on a new database (FerretDB answers one of two
        // concurrent index builds with PostgreSQL's "deadlock detected"): the tasks are idempotent, so run them again.
        if (this.stopped || !(isDependencyUnavailable(error) || isTransientWriteError(error))) throw error;
        this.logger.warn({ err: (error as Error).message, retryInMs: delay }, 'start-up task waits for a dependency or a concurrent start');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all(
      this.hooks('beforeInfrastructureShutdown').map(async (h) => {
        try {
          await h.beforeInfrastructureShutdown();
        } catch (error) {
          this.logger.warn({ err: (error as Error).message }, 'shutdown hook failed');
        }
      }),
    );
    await this.kafka.stop();
    await this.mongo.stop();
  }
}

export interface ServiceKitOptions<TConfig extends ServiceKitConfig> {
  /** The service's name: Kafka client id, and its entry in the subscription registry (libs/contracts). */
  service: string;
  config: TConfig;
  logger: Logger;
  /**
   * The service's route contracts (`serviceRoutes['<service>']`), required: every HTTP route is guarded by libs/auth's
   * AccessGuard (tokens from the issuers of the municipalities' identity.yaml, `TRUSTED_ISSUERS`; internal secrets
   * from INTERNAL_SECRET_*), a route without a contract is refused; the kit's own routes (health, openapi.json) are
   * public.
   */
  routes: readonly RouteContract[];
}

/** The kit's own routes (health probes, the OpenAPI document): public, so no route lacks a policy. */
export function kitRoutes(service: string): RouteContract[] {
  const ok = { 200: { description: 'ok' } };
  return [
    defineRoute({ service, operationId: 'healthLive', method: 'get', path: '/health/live', summary: 'Liveness', access: { kind: 'public' }, responses: ok }),
    defineRoute({ service, operationId: 'healthReady', method: 'get', path: '/health/ready', summary: 'Readiness', access: { kind: 'public' }, responses: ok }),
    defineRoute({ service, operationId: 'openApiDocument', method: 'get', path: '/openapi.json', summary: 'The OpenAPI document', access: { kind: 'public' }, responses: ok }),
  ];
}

/**
 * What every service has, as providers for the whole application: its configuration (`SERVICE_CONFIG`), `LOGGER`,
 * its own MongoDB database (`MongoConnection`), one Kafka client (`KafkaClient`; publish through the outbox), the
 * inbox of handled events (`InboxStore`), the event transport that serves its `@EventPattern` handlers
 * (`KafkaEventTransport`, connected by `runService`), readiness (`ReadinessRegistry`) and the start/stop order
 * (`ServiceLifecycle`). Import it once, in the service's root module.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot<TConfig extends ServiceKitConfig>(options: ServiceKitOptions<TConfig>): DynamicModule {
    const { service, config, logger } = options;
    return {
      module: ServiceKitModule,
      imports: [
        DiscoveryModule,
        // Link tokens and callback secrets in paths never reach a log line.
        ObservabilityModule.forRoot({ logger, secretPaths: options.routes.map((route) => ({ path: route.path, params: secretPathParams(route) })).filter((p) => p.params.length > 0) }),
      ],
      providers: [
        ...accessProviders({ routes: [...options.routes, ...kitRoutes(service)] }),
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: service },
        {
          provide: MongoConnection,
          inject: [ReadinessRegistry],
          useFactory: (readiness: ReadinessRegistry) => readiness.add(new MongoConnection({ url: config.MONGO_URL, logger })),
        },
        {
          provide: KafkaClient,
          inject: [ReadinessRegistry],
          useFactory: (readiness: ReadinessRegistry) => readiness.add(new KafkaClient({ clientId: service, producer: service, brokers: config.KAFKA_BROKERS, security: kafkaSecurityOf(config), logger })),
        },
        {
          provide: InboxStore,
          inject: [MongoConnection],
          useFactory: (mongo: MongoConnection) => new InboxStore(mongo.connection.collection('inbox') as never),
        },
        ServiceLifecycle,
        {
          provide: KafkaEventTransport,
          inject: [KafkaClient, InboxStore, ServiceLifecycle, ReadinessRegistry],
          useFactory: (kafka: KafkaClient, inbox: InboxStore, lifecycle: ServiceLifecycle, readiness: ReadinessRegistry) =>
            readiness.add(
              new KafkaEventTransport({
                service,
                kafka: kafka.kafka,
                groupId: config.CONSUMER_GROUP ?? service,
                inbox,
                publisher: kafka.publisher,
                logger,
                fromBeginning: config.CONSUMER_FROM_BEGINNING,
                startWhen: () => lifecycle.whenStarted(),
              }),
            ),
        },
      ],
      exports: [SERVICE_CONFIG, MongoConnection, KafkaClient, InboxStore, ServiceLifecycle, KafkaEventTransport],
    };
  }
}
