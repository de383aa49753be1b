import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  ConfigError,
  EXAMPLE_INTERNAL_SECRET,
  consumerShape,
  enrolmentUrlShape,
  env,
  loadConfig,
  selfServiceLinksSecretShape,
  webPreferencesSecretShape,
  webPersonalDataSecretShape,
  serviceBaseShape,
  smtpUrlShape,
  volunteersUrlShape,
  policeLiaisonUrlShape,
  webPublicUrlShape,
} from '@trygg/config';
import { isValidSenderId } from './domain/phone';

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;

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

/** Every variable notifications reads (.env.example lists them; the shared ones are declared in libs/config). */
export const notificationsConfigShape = {
  ...serviceBaseShape,
  /** The Redis server holding the BullMQ email and SMS queues. */
  REDIS_URL: env.redisUrl,
  ...smtpUrlShape,
  /** The sender of every email (`From:`). */
  MAIL_FROM: z.string().min(3).default('Trygg Samverkan <no-reply@trygg-samverkan.local>'),
  /** Where people reach notifications' own pages (unsubscribe) and the SMS provider posts delivery reports. */
  NOTIFICATIONS_PUBLIC_URL: env.httpUrl.default('http://127.0.0.1:3004'),
  /** The footer link of every non-transactional message goes to the web's "Dina utskick" page under WEB_PUBLIC_URL. */
  ...webPublicUrlShape,
  /** Where a member's RSVP link to a start meeting is asked for (police-liaison's POST /internal/links). */
  ...policeLiaisonUrlShape,
  /** Notifications asks enrolment for confirmation and self-service links (POST /internal/links). */
  ...enrolmentUrlShape,
  /** Where a walker's confirmation link is asked for (volunteers' POST /internal/links). */
  ...volunteersUrlShape,
  /** Sent to enrolment's POST /internal/links (as `authorization: Bearer …`, `x-internal-caller: notifications`). */
  ...selfServiceLinksSecretShape,
  /**
   * The web's secret for notifications' /internal/preferences* and /internal/recipients/:personId/preferences
   * (`authorization: Bearer <secret>` + `x-internal-caller: web`). Checked by libs/auth's AccessGuard, which refuses
   * to start with one shorter than 32 bytes or equal to the example in .env.example; unset: those routes answer 401.
   */
  ...webPreferencesSecretShape,
  /** The web's secret for GET /internal/personal-data/:personId ("Mina uppgifter": all the person's data); unset: 401. */
  ...webPersonalDataSecretShape,
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
  SMS_PROVIDER_URL: env.httpUrl.default('http://127.0.0.1:1090'),
  SMS_USERNAME: z.string().min(1).default('local'),
  SMS_PASSWORD: z.string().min(1).default('local'),
  SMS_FROM: z.string().refine(isValidSenderId, 'must be 3–11 letters/digits not starting with a digit, or an E.164 number').default('Trygghet'),
  SMS_TIMEOUT_MS: env.positiveInt.default(10_000),
  /** At most this many SMS to one mobile number per local day (all municipalities together); more are skipped. */
  SMS_CAP_PER_NUMBER_PER_DAY: env.positiveInt.default(10),
  /** At most this many SMS from one municipality per local day; more are skipped. */
  SMS_CAP_PER_MUNICIPALITY_PER_DAY: env.positiveInt.default(500),
  /**
   * The shared secret in the delivery-report URL given to the provider (`…/sms/delivery-reports/<secret>`): required,
   * no default (deploy/local/env.sh gives a development value), 32+ bytes of letters, digits, `-` and `_` (it sits in a
   * URL path: `openssl rand -hex 32`), never .env.example's placeholder. Compared in constant time; never logged.
   */
  SMS_DELIVERY_REPORT_SECRET: z
    .string()
    .refine((s) => Buffer.byteLength(s) >= 32, 'must be at least 32 bytes')
    .refine((s) => /^[A-Za-z0-9_-]+$/.test(s), 'must hold only letters, digits, - and _ (it is part of a URL path)')
    .refine((s) => s !== EXAMPLE_INTERNAL_SECRET, 'is the example value of .env.example'),
  /** Where the provider reaches notifications, when not at NOTIFICATIONS_PUBLIC_URL (e.g. inside docker compose). */
  SMS_DELIVERY_REPORT_BASE_URL: env.httpUrl.optional(),
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
  ...consumerShape('notifications'),
  /** Namespace of the BullMQ keys in Redis, for the same reason as CONSUMER_GROUP (separate environments sharing one Redis). */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/).default('trygg'),
};

function loadVariables(vars: NodeJS.ProcessEnv) {
  return loadConfig(notificationsConfigShape, vars);
}
