import { z } from 'zod';
import { kafkaSecurityShape } from './kafka-security';
import { env } from './load-config';

// The settings several services read, declared once: a service spreads the shapes it needs into its own schema
// (services/<name>/src/config.ts), so a setting has one name, one validation and one meaning everywhere.
// .env.example at the repository root lists them once, under "shared" (libs/config/src/env-example.spec.ts checks it).

/** What every process of the system reads, the web front included. */
export const processShape = {
  /** The HTTP port the process listens on (each service its own: web 3000, enrolment 3001 … bra-review 3006). */
  PORT: env.port,
  /** Level of the JSON log lines on stdout: fatal, error, warn, info (default), debug, trace or silent. */
  LOG_LEVEL: env.logLevel,
};

/** The part every service with a database and events shares: its HTTP port, Kafka, its own MongoDB database, logging. */
export const serviceBaseShape = {
  ...processShape,
  /** The Kafka brokers, `host:port` separated by commas. */
  KAFKA_BROKERS: env.kafkaBrokers,
  /** SASL (SCRAM or PLAIN) and TLS to the brokers (libs/config kafka-security.ts); unset: PLAINTEXT, as locally. */
  ...kafkaSecurityShape,
  /** The service's own MongoDB database (`mongodb://…/<database>`); no service reads another's. */
  MONGO_URL: env.mongoUrl,
  /** Bounded retention of topics that carry personal data (default 14 days); events with ids only keep the broker's default. */
  PERSONAL_DATA_RETENTION_MS: env.positiveInt.default(14 * 24 * 3600 * 1000),
};

export type ServiceBaseConfig = z.infer<z.ZodObject<typeof serviceBaseShape>>;

/**
 * How a service consumes events. CONSUMER_GROUP: its Kafka consumer group (default: the service's name); separate
 * environments sharing one cluster (e.g. tests beside a running system) use their own. CONSUMER_FROM_BEGINNING: where
 * a new group starts — `true` (default, the only safe production setting) at the oldest retained event, `false` at the
 * newest (tests that must not replay a busy cluster's history; with it, a partition on which the group has not
 * committed yet starts at the newest offset again after a restart, so events published while it was down are skipped).
 */
export function consumerShape(defaultGroup: string) {
  return {
    CONSUMER_GROUP: z.string().regex(/^[a-z0-9._-]+$/).default(defaultGroup),
    CONSUMER_FROM_BEGINNING: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  };
}

export type ConsumerConfig = z.infer<z.ZodObject<ReturnType<typeof consumerShape>>>;

/**
 * Where people reach the web front: links in emails (enrolment's confirmation and self-service links) and the footer
 * link of every non-transactional message (notifications, to the "Dina utskick" page) start with it.
 */
export const webPublicUrlShape = {
  WEB_PUBLIC_URL: env.httpUrl.default('http://127.0.0.1:3000'),
};

/** Where other services call enrolment's HTTP API (service to service, not public). */
export const enrolmentUrlShape = {
  ENROLMENT_URL: env.httpUrl.default('http://127.0.0.1:3001'),
};

/** Where other services call notifications' internal HTTP API (the preferences behind the "Dina utskick" pages). */
export const notificationsUrlShape = {
  NOTIFICATIONS_URL: env.httpUrl.default('http://127.0.0.1:3004'),
};

/** The placeholder `.env.example` shows for every INTERNAL_SECRET_*: refused as a secret. */
export const EXAMPLE_INTERNAL_SECRET = 'change-me-a-random-secret-of-32-or-more-bytes';

/** `INTERNAL_SECRET_<CALLER>_<PURPOSE>` in upper snake case: `internalSecretName('notifications', 'self-service-links')`. */
export function internalSecretName(caller: string, purpose: string): string {
  const snake = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `INTERNAL_SECRET_${snake(caller)}_${snake(purpose)}`;
}

/**
 * The value of an `INTERNAL_SECRET_<CALLER>_<PURPOSE>` setting (`internalSecretName`): the secret one service sends
 * another for one purpose of its internal API — one per caller and purpose, read by both ends (the called service
 * through its routes' `internal` access, libs/auth). At least 32 bytes and not the example value; unset: the call
 * cannot be made (the called side lets nobody in).
 */
export const internalSecretValue = z
  .string()
  .refine((s) => Buffer.byteLength(s) >= 32, 'must be at least 32 bytes')
  .refine((s) => s !== EXAMPLE_INTERNAL_SECRET, 'is the example value of .env.example')
  .optional();

/** The web's secret for notifications' preferences API, `/internal/preferences*` (both services read it). */
export const webPreferencesSecretShape = {
  INTERNAL_SECRET_WEB_PREFERENCES: internalSecretValue,
};

/**
 * The web's secret for every service's `GET /internal/personal-data/:personId` ("Mina uppgifter" showing all a person's
 * data; the web and notifications, onboarding, police-liaison and volunteers read it).
 */
export const webPersonalDataSecretShape = {
  INTERNAL_SECRET_WEB_PERSONAL_DATA: internalSecretValue,
};

/** Notifications' secret for enrolment's `POST /internal/links` (both services read it; see internalSecretValue). */
export const selfServiceLinksSecretShape = {
  INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: internalSecretValue,
};

/** The SMTP server mail goes out through (`smtp://` or `smtps://`, credentials in the URL if needed). */
export const smtpUrlShape = {
  SMTP_URL: env.smtpUrl,
};
