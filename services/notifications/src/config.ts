import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, env, loadConfig, serviceBaseShape } from '@trygg/config';
import { isValidSenderId } from './domain/phone';

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;

const httpUrl = z.url({ protocol: /^https?$/ });

export function loadNotificationsConfig(vars: NodeJS.ProcessEnv = process.env) {
  const config = loadVariables(vars);
  return { ...config, dkim: dkimSettings(config) };
}

/** Where people reach notifications' own pages (one-click unsubscribe), without a trailing slash. */
export function notificationsPublicUrl(config: Pick<NotificationsConfig, 'NOTIFICATIONS_PUBLIC_URL'>): string {
  return config.NOTIFICATIONS_PUBLIC_URL.replace(/\/$/, '');
}

export interface DkimConfig {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/**
 * DKIM is all or nothing: a domain and selector with a key (PEM in DKIM_PRIVATE_KEY, or a file in
 * DKIM_PRIVATE_KEY_FILE, e.g. a mounted secret). Half a configuration, an unreadable file or a key that does not
 * parse stops the service at start, naming the variable — mail silently going out unsigned is the worse failure.
 */
export function dkimSettings(config: Pick<ReturnType<typeof loadVariables>, 'DKIM_DOMAIN' | 'DKIM_SELECTOR' | 'DKIM_PRIVATE_KEY' | 'DKIM_PRIVATE_KEY_FILE'>, readFile = (path: string) => readFileSync(path, 'utf8')): DkimConfig | undefined {
  const { DKIM_DOMAIN: domainName, DKIM_SELECTOR: keySelector, DKIM_PRIVATE_KEY: inline, DKIM_PRIVATE_KEY_FILE: file } = config;
  if (!domainName && !keySelector && !inline && !file) return undefined;
  const problems: string[] = [];
  if (!domainName) problems.push('DKIM_DOMAIN is required when DKIM is configured');
  if (!keySelector) problems.push('DKIM_SELECTOR is required when DKIM is configured');
  if (inline && file) problems.push('DKIM_PRIVATE_KEY and DKIM_PRIVATE_KEY_FILE are both set: give one');
  if (!inline && !file) problems.push('DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE is required when DKIM is configured');
  let privateKey = inline ?? '';
  if (file && !inline) {
    try {
      privateKey = readFile(file);
    } catch (error) {
      problems.push(`DKIM_PRIVATE_KEY_FILE is invalid: cannot read ${file} (${(error as Error).message})`);
    }
  }
  if (privateKey) {
    try {
      if (createPrivateKey(privateKey).asymmetricKeyType !== 'rsa') problems.push(`${file ? 'DKIM_PRIVATE_KEY_FILE' : 'DKIM_PRIVATE_KEY'} is invalid: DKIM needs an RSA key`);
    } catch {
      problems.push(`${file ? 'DKIM_PRIVATE_KEY_FILE' : 'DKIM_PRIVATE_KEY'} is invalid: not a PEM private key`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return { domainName: domainName!, keySelector: keySelector!, privateKey };
}

function loadVariables(vars: NodeJS.ProcessEnv) {
  return loadConfig(
    {
      ...serviceBaseShape,
      REDIS_URL: env.redisUrl,
      SMTP_URL: env.smtpUrl,
      MAIL_FROM: z.string().min(3).default('Trygg Samverkan <no-reply@trygg-samverkan.local>'),
      /** Where people reach notifications' own pages (unsubscribe) and the SMS provider posts delivery reports. */
      NOTIFICATIONS_PUBLIC_URL: httpUrl.default('http://127.0.0.1:3004'),
      /** Where people reach the web front: the footer link of every non-transactional message goes to its "Dina utskick" page. */
      WEB_PUBLIC_URL: httpUrl.default('http://127.0.0.1:3000'),
      ENROLMENT_URL: httpUrl.default('http://127.0.0.1:3001'),
      /**
       * Shared secret for enrolment's /internal/links and for the web calling notifications' /internal/* (preferences);
       * no default: a secret is never baked into the code.
       */
      INTERNAL_API_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
      EMAIL_CONCURRENCY: env.positiveInt.default(5),
      EMAIL_MAX_ATTEMPTS: env.positiveInt.default(8),
      EMAIL_PER_SECOND: env.positiveInt.default(50),
      SMS_CONCURRENCY: env.positiveInt.default(2),
      SMS_MAX_ATTEMPTS: env.positiveInt.default(8),
      /** The provider's rate limit, across all notifications processes sharing the queue. */
      SMS_PER_SECOND: env.positiveInt.default(10),
      RETRY_BASE_DELAY_MS: env.positiveInt.default(1000),
      /** How long a worker's job lock lasts: a job of a dead process is picked up again after about this long. */
      JOB_LOCK_MS: env.positiveInt.default(30_000),
      SMS_PROVIDER_URL: httpUrl.default('http://127.0.0.1:1090'),
      SMS_USERNAME: z.string().min(1).default('local'),
      SMS_PASSWORD: z.string().min(1).default('local'),
      SMS_FROM: z.string().refine(isValidSenderId, 'must be 3–11 letters/digits not starting with a digit, or an E.164 number').default('Trygghet'),
      SMS_TIMEOUT_MS: env.positiveInt.default(10_000),
      /** The shared secret in the delivery-report URL given to the provider. */
      SMS_DELIVERY_REPORT_SECRET: z.string().min(16).default('local-delivery-report-secret'),
      /** Where the provider reaches notifications, when not at NOTIFICATIONS_PUBLIC_URL (e.g. inside docker compose). */
      SMS_DELIVERY_REPORT_BASE_URL: httpUrl.optional(),
      UNSUBSCRIBE_VALID_DAYS: env.positiveInt.default(180),
      /**
       * How long an event addressed to a person notifications has not stored yet waits for their contact details
       * before housekeeping gives it up (a person never heard of, e.g. imported without contact details).
       */
      AWAITING_RECIPIENT_DAYS: env.positiveInt.default(7),
      /** How often housekeeping looks for such events. */
      HOUSEKEEPING_INTERVAL_MS: env.positiveInt.default(3_600_000),
      DKIM_DOMAIN: z.string().min(1).optional(),
      DKIM_SELECTOR: z.string().min(1).optional(),
      DKIM_PRIVATE_KEY: z.string().min(1).optional(),
      DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
      /** Development only: the staff API trusts `x-dev-staff-municipality` (staff sign-in comes with the web). */
      STAFF_DEV_GUARD: z.enum(['allow', 'deny']).default('deny'),
      /** Separate environments sharing one cluster (e.g. the end-to-end tests beside a running system) use their own group. */
      CONSUMER_GROUP: z.string().regex(/^[a-z0-9._-]+$/).default('notifications'),
      /**
       * A new consumer group starts at the oldest retained event (true, the only safe production setting) or at the newest
       * (false: tests that must not replay a busy cluster's history). With false, a partition on which the group has not
       * committed yet starts at the newest offset again after a restart, so events published while it was down are skipped.
       */
      CONSUMER_FROM_BEGINNING: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
      /** Namespace of the BullMQ keys in Redis, for the same reason. */
      QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/).default('trygg'),
    },
    vars,
  );
}
