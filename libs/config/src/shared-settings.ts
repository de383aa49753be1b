import { isIP } from 'node:net';
import { z } from 'zod';
import { kafkaSecurityShape } from './kafka-security';
import { env } from './load-config';

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** One entry of TRUST_PROXY's list: a name Express knows, an IP address, or an address/prefix-length. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: which proxies in front of the process may say who the client is (X-Forwarded-For), as Express's
 * `trust proxy`: a hop count (`1`: one load balancer; `0`: none, the socket's address is the client), or a
 * comma-separated list of `loopback`, `linklocal`, `uniquelocal` (10/8, 172.16/12, 192.168/16, fc00::/7), IP
 * addresses and CIDRs. The client's network is what per-network limits count, so a wrong value either lets clients
 * choose their own address (trusting too much) or puts every visitor in the proxy's one bucket (trusting too little).
 */
export const trustProxy = z
  .string()
  .trim()
  .min(1)
  .transform((v, ctx): number | string[] => {
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !isProxyEntry(e));
    if (entries.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `must be a hop count or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses and CIDRs (not: ${bad.join(', ') || 'empty'})` });
      return z.NEVER;
    }
    return entries;
  });

// The settings several services read, declared once: a service spreads the shapes it needs into its own schema
// (services/<name>/src/config.ts), so a setting has one name, one validation and one meaning everywhere.
// .env.example at the repository root lists them once, under "shared" (libs/config/src/env-example.spec.ts checks it).

/** What every process of the system reads, the web front included. */
export const processShape = {
  /** The HTTP port the process listens on (each service its own: web 3000, enrolment 3001 … bra-review 3006). */
  PORT: env.port,
  /** Level of the JSON log lines on stdout: fatal, error, warn, info (default), debug, trace or silent. */
  LOG_LEVEL: env.logLevel,
  /** Proxies trusted to name the client (X-Forwarded-For): a hop count or a list of CIDRs (`trustProxy`); default loopback. */
  TRUST_PROXY: trustProxy.default(['loopback']),
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

/** Where other services call volunteers' HTTP API (notifications for the walkers' confirmation links; the web's walker pages). */
export const volunteersUrlShape = {
  VOLUNTEERS_URL: env.httpUrl.default('http://127.0.0.1:3002'),
};

/** Where other services call police-liaison's HTTP API (the web's police and start-meeting pages; notifications for the members' RSVP links). */
export const policeLiaisonUrlShape = {
  POLICE_LIAISON_URL: env.httpUrl.default('http://127.0.0.1:3003'),
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
 * data; the web and notifications, onboarding, police-liaison, bra-review and volunteers read it).
 */
export const webPersonalDataSecretShape = {
  INTERNAL_SECRET_WEB_PERSONAL_DATA: internalSecretValue,
};

/** The web's secret for police-liaison's `POST /internal/observations` (a resident's observation from their self-service link; both services read it). */
export const webObservationsSecretShape = {
  INTERNAL_SECRET_WEB_OBSERVATIONS: internalSecretValue,
};

/** Notifications' secret for enrolment's `POST /internal/links` (both services read it; see internalSecretValue). */
export const selfServiceLinksSecretShape = {
  INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: internalSecretValue,
};

/** The SMTP server mail goes out through (`smtp://` or `smtps://`, credentials in the URL if needed). */
export const smtpUrlShape = {
  SMTP_URL: env.smtpUrl,
};

/**
 * The limits on public entry points (libs/rate-limits), the same in every service that serves one (web, enrolment,
 * volunteers), counted in Redis shared by a service's instances. Per network: sized for a start meeting where 30
 * neighbours register on one wifi (100 posts per 10 minutes). Per identifier: a few per hour for one email address,
 * postal address or mobile number, whoever sends them.
 */
export const rateLimitShape = {
  /** The Redis the counters live in (shared by the instances of a service). Unreachable: limits count per instance meanwhile. */
  REDIS_URL: env.redisUrl.default('redis://127.0.0.1:6379'),
  /** Start of every counter's key: environments (or test runs) sharing one Redis keep apart by it. */
  RATE_LIMIT_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/, 'letters, digits, :, _ and - only').default('trygg:limits'),
  /** Form posts (public and link routes) per client network per window (429 beyond). */
  RATE_LIMIT_MAX: env.positiveInt.default(100),
  /** The per-network window, in seconds. */
  RATE_LIMIT_WINDOW_SECONDS: env.positiveInt.default(600),
  /** Submissions naming one email address per identifier window. */
  RATE_LIMIT_EMAIL_MAX: env.positiveInt.default(5),
  /** Submissions naming one postal address per identifier window (a household registers several people). */
  RATE_LIMIT_ADDRESS_MAX: env.positiveInt.default(10),
  /** Submissions naming one mobile number per identifier window. */
  RATE_LIMIT_MOBILE_MAX: env.positiveInt.default(5),
  /** The per-identifier window, in seconds. */
  RATE_LIMIT_IDENTIFIER_WINDOW_SECONDS: env.positiveInt.default(3600),
};

export type RateLimitConfig = z.infer<z.ZodObject<typeof rateLimitShape>>;
