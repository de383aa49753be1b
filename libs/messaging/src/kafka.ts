import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaSettings {
  clientId: string;
  brokers: string[];
  logger: Logger;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The only place kafkajs is configured (kafkajs has had no release since 2023; see docs/decisions):
 * a later swap of client library touches this folder only.
 */
export function createKafka(settings: KafkaSettings): Kafka {
  const log = settings.logger.child({ component: 'kafka' });
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    // Short internal retries: our own loops (connect, outbox, consumer) retry for as long as it takes and say
    // which dependency is missing, instead of kafkajs retrying silently for a minute.
    retry: { initialRetryTime: 300, retries: 3, maxRetryTime: 3_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        // kafkajs logs every failed connection attempt at ERROR; our own loops report outages once per attempt.
        const connectionNoise = /Connection error|Failed to connect to seed broker|Connection timeout/.test(message);
        log[connectionNoise ? 'debug' : (levels[level] ?? 'info')](rest, message);
      },
  });
}
