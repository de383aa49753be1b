import { mongoUrl } from '@trygg/testing';

/**
 * The environment of a notifications process in an integration test: its own database, consumer group and queue
 * prefix (tests share Kafka, FerretDB and Redis with each other), fast retries, and whatever the test adds or
 * overrides (SMTP, Redis, SMS provider, links API…). Defaults reach the shared infrastructure of deploy/local.
 */
export function notificationsEnv(options: { port: number; database: string; group: string; env?: Record<string, string> }): Record<string, string> {
  return {
    MONGO_URL: mongoUrl(options.database),
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
    SMTP_URL: process.env['SMTP_URL'] ?? 'smtp://127.0.0.1:1025',
    NOTIFICATIONS_PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    CONSUMER_GROUP: options.group,
    // A fresh group per run; starting at the newest offset keeps it from replaying the shared broker's history.
    CONSUMER_FROM_BEGINNING: 'false',
    QUEUE_PREFIX: options.group,
    RETRY_BASE_DELAY_MS: '200',
    LOG_LEVEL: 'info',
    ...options.env,
  };
}
