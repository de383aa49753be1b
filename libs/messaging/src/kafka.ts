import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, type KafkaConfig, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

/** How the client authenticates and encrypts (from libs/config's KAFKA_SASL_* and KAFKA_SSL* variables). */
export interface KafkaSecurity {
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** Present: TLS. The files are PEM; without `caFile` the system's trust store is used. */
  ssl?: { caFile?: string; certFile?: string; keyFile?: string };
}

export interface KafkaSettings {
  /** The service's name: Kafka client id, and the `producer` header of every event it publishes (libs/contracts publishers). */
  clientId: string;
  brokers: string[];
  logger: Logger;
  security?: KafkaSecurity;
  /**
   * Set by service-kit for a service: every event published through this client carries the header `producer: <name>`,
   * and a type the service is not declared to publish (libs/contracts publishers.ts) is refused, as the broker's ACL
   * would refuse it. Unset (library tests): no header, no check.
   */
  producer?: string;
}

/** What kafkajs is given for SASL and TLS; the same for the producer, every consumer and the admin client. */
export function kafkaConnectionOptions(
  security: KafkaSecurity | undefined,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const read = (path: string, what: string) => {
    try {
      return readFile(path);
    } catch (error) {
      throw new Error(`cannot read the Kafka ${what} ${path}: ${(error as Error).message}`);
    }
  };
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security?.ssl) {
    const { caFile, certFile, keyFile } = security.ssl;
    const tls: ConnectionOptions = { rejectUnauthorized: true };
    if (caFile) tls.ca = [read(caFile, 'CA file (KAFKA_SSL_CA_FILE)')];
    if (certFile) tls.cert = read(certFile, 'client certificate (KAFKA_SSL_CERT_FILE)');
    if (keyFile) tls.key = read(keyFile, 'client key (KAFKA_SSL_KEY_FILE)');
    options.ssl = tls;
  }
  if (security?.sasl) {
    const { mechanism, username, password } = security.sasl;
    options.sasl = { mechanism, username, password } as NonNullable<KafkaConfig['sasl']>;
  }
  return options;
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
    ...kafkaConnectionOptions(settings.security),
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
