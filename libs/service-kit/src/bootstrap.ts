import 'reflect-metadata';
import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { LevelWithSilent } from 'pino';
import { KafkaEventTransport } from '@trygg/messaging';
import { correlationMiddleware, createLogger, type Logger } from '@trygg/observability';
import { AllExceptionsFilter } from './all-exceptions.filter';

export interface ServiceBootstrapOptions {
  module: Type<unknown> | DynamicModule;
  logger: Logger;
  port: number;
  host?: string;
  /** Express's `trust proxy` (libs/config TRUST_PROXY): who may name the client in X-Forwarded-For. Default loopback. */
  trustProxy?: number | readonly string[];
}

/** Starts a service the same way everywhere: JSON logs, correlation ids, one error shape, graceful shutdown. */
export async function bootstrapService(options: ServiceBootstrapOptions): Promise<INestApplication> {
  // abortOnError: false — a failing start throws to runService, which logs it in one line and exits 1.
  const app = await NestFactory.create<NestExpressApplication>(options.module, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(NestPinoLogger));
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? ['loopback']);
  app.use(correlationMiddleware);
  app.useBodyParser('json', { limit: '100kb' });
  app.useGlobalFilters(new AllExceptionsFilter(options.logger));
  app.enableShutdownHooks();
  // Graceful shutdown gets 15 s (close connections, finish the job at hand); then the process exits regardless,
  // so a dependency that is away never keeps a stopping service alive.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        options.logger.warn({ signal }, 'graceful shutdown took too long; exiting');
        process.exit(1);
      }, 15_000).unref();
    });
  }
  await connectEventTransport(app);
  await app.listen(options.port, options.host ?? '127.0.0.1');
  options.logger.info({ port: options.port }, 'listening');
  return app;
}

/**
 * A service built on ServiceKitModule serves its `@EventPattern` handlers through our Kafka transport, as a hybrid
 * application sharing the HTTP side's configuration (so AllExceptionsFilter hands handler errors back to the
 * consumer unchanged). The transport checks the handlers against the subscription registry here: a mismatch stops
 * the start with the list of what is wrong.
 */
async function connectEventTransport(app: INestApplication): Promise<void> {
  // A service without Kafka (the web front) has no transport: looked up among the modules' providers, because a failed
  // app.get() is logged by Nest as an error although nothing is wrong.
  if (![...app.get(ModulesContainer).values()].some((m) => m.providers.has(KafkaEventTransport))) return;
  const transport = app.get(KafkaEventTransport, { strict: false });
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  await app.startAllMicroservices();
}

/** Logs a fatal start-up error (e.g. invalid configuration) in one readable line and exits. */
export function exitOnStartupError(logger: Logger, error: unknown): never {
  logger.fatal({ err: (error as Error).message }, 'cannot start');
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}

/** The whole main.ts of a service: validate configuration, build the module, listen; a bad start exits clearly. */
export function runService<TConfig extends { PORT: number; LOG_LEVEL: LevelWithSilent; TRUST_PROXY?: number | readonly string[] }>(
  service: string,
  loadConfig: () => TConfig,
  moduleFor: (config: TConfig, logger: Logger) => DynamicModule,
): void {
  const bootLogger = createLogger(service);
  void (async () => {
    try {
      const config = loadConfig();
      const logger = createLogger(service, config.LOG_LEVEL);
      await bootstrapService({ module: moduleFor(config, logger), logger, port: config.PORT, host: process.env['HOST'], trustProxy: config.TRUST_PROXY });
    } catch (error) {
      exitOnStartupError(bootLogger, error);
    }
  })();
}
