import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  ConfigError,
  enrolmentUrlShape,
  env,
  webPreferencesSecretShape,
  webPersonalDataSecretShape,
  webObservationsSecretShape,
  loadConfig,
  notificationsUrlShape,
  processShape,
  rateLimitShape,
  smtpUrlShape,
  volunteersUrlShape,
  policeLiaisonUrlShape,
  webPublicUrlShape,
} from '@trygg/config';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The example value of WEB_SESSION_SECRET in .env.example: refused anywhere but on a developer's machine. */
export const EXAMPLE_SESSION_SECRET = 'change-me-a-random-secret-of-32-or-more-bytes';

/**
 * The web front has no database and no Kafka: it needs the enrolment, police-liaison and notifications APIs, the
 * secrets of its cookies (CSRF, the sealed session), its public address (the IdPs send people back to it), SMTP for
 * accessibility feedback, and its limits.
 */
export const webConfigShape = {
  ...processShape,
  /** The enrolment API behind the registration and coordinator pages. */
  ...enrolmentUrlShape,
  /** The notifications service: its internal preferences API behind the "Dina utskick" pages. */
  ...notificationsUrlShape,
  /** The volunteers API behind the walker sign-up pages (/<municipality>/trygghetsvandring). */
  ...volunteersUrlShape,
  /** The web's own secret for notifications' internal preferences API. Unset: the "Dina utskick" pages answer 503. */
  ...webPreferencesSecretShape,
  /** Accessibility feedback goes out through it (default: the local mail catcher). */
  SMTP_URL: smtpUrlShape.SMTP_URL.default('smtp://127.0.0.1:1025'),
  /** The sender of accessibility feedback mails. */
  FEEDBACK_FROM: z.email().default('no-reply@trygg-samverkan.example'),
  /** Receives accessibility feedback sent from pages that belong to no municipality (the start page). */
  FEEDBACK_TO: z.email().default('tillganglighet@trygg-samverkan.example'),
  /** Signs CSRF tokens. Without it a random secret per process is used (forms open before a restart then fail once). */
  CSRF_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Limits on form posts (per client network; the forms also per email, postal address, mobile), in Redis shared by the instances. */
  ...rateLimitShape,
  /** Set `true` behind HTTPS so cookies get the Secure flag (and the session cookie the `__Host-` prefix). */
  COOKIE_SECURE: flag.default(false),
  /** Where people reach the web: the IdPs send them back to `<it>/auth/callback` and, after logout, to `<it>/`. */
  ...webPublicUrlShape,
  /** police-liaison's HTTP API behind the police pages (/polis), the start-meeting pages and its part of "Mina uppgifter". */
  ...policeLiaisonUrlShape,
  /** onboarding's part of "Mina uppgifter" (its internal personal-data route). */
  ONBOARDING_URL: env.httpUrl.default('http://127.0.0.1:3005'),
  /** bra-review's part of "Mina uppgifter" (its internal personal-data route). */
  BRA_REVIEW_URL: env.httpUrl.default('http://127.0.0.1:3006'),
  /** volunteers' part of "Mina uppgifter" (its internal personal-data route). */
  VOLUNTEERS_URL: env.httpUrl.default('http://127.0.0.1:3002'),
  /** The web's own secret for every service's GET /internal/personal-data/:personId. Unset: "Mina uppgifter" shows enrolment's part only and names the parts missing. */
  ...webPersonalDataSecretShape,
  /** The web's own secret for police-liaison's POST /internal/observations (a resident's observation). Unset: the form answers that the service is unavailable. */
  ...webObservationsSecretShape,
  /** Seals the session cookie (AES-256-GCM); at least 32 bytes, the same for every web instance. */
  WEB_SESSION_SECRET: z.string().refine((s) => Buffer.byteLength(s) >= 32, 'must be at least 32 bytes'),
  /** A session unused this long ends (the person signs in again). */
  WEB_SESSION_IDLE_MINUTES: env.positiveInt.default(30),
};

/** On a developer's machine the web is reached on the loopback interface, over plain http. */
function isLocalDevelopment(publicUrl: string, cookieSecure: boolean): boolean {
  const host = new URL(publicUrl).hostname;
  return !cookieSecure && ['127.0.0.1', 'localhost', '[::1]'].includes(host);
}

export type WebConfig = ReturnType<typeof loadWebConfig>;

export function loadWebConfig(source: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(webConfigShape, source);
  if (config.WEB_SESSION_SECRET === EXAMPLE_SESSION_SECRET && !isLocalDevelopment(config.WEB_PUBLIC_URL, config.COOKIE_SECURE)) {
    throw new ConfigError(['WEB_SESSION_SECRET is invalid: it is the example value of .env.example, accepted only on a developer machine (WEB_PUBLIC_URL on 127.0.0.1 and COOKIE_SECURE=false); set a random secret of 32 or more bytes (openssl rand -base64 48)']);
  }
  return { ...config, CSRF_SECRET: config.CSRF_SECRET ?? randomBytes(32).toString('base64url') };
}

/** The validated configuration (`loadWebConfig`'s output), provided to the whole application by `WebModule`. */
export const WEB_CONFIG = Symbol('WEB_CONFIG');
