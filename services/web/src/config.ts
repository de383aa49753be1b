import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  enrolmentUrlShape,
  env,
  internalApiTokenShape,
  loadConfig,
  notificationsUrlShape,
  processShape,
  smtpUrlShape,
  staffDevGuardShape,
} from '@trygg/config';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The web front has no database and no Kafka: it needs the enrolment API, notifications' preferences API, a secret for its CSRF tokens, SMTP for
 * accessibility feedback, and its limits.
 */
export const webConfigShape = {
  ...processShape,
  /** The enrolment API behind the registration and coordinator pages. */
  ...enrolmentUrlShape,
  /** The notifications service: its internal preferences API behind the "Dina utskick" pages. */
  ...notificationsUrlShape,
  /** Sent to notifications' /internal/* API. Unset: the "Dina utskick" pages answer 503. */
  ...internalApiTokenShape,
  /** Accessibility feedback goes out through it (default: the local mail catcher). */
  SMTP_URL: smtpUrlShape.SMTP_URL.default('smtp://127.0.0.1:1025'),
  /** The sender of accessibility feedback mails. */
  FEEDBACK_FROM: z.email().default('no-reply@trygg-samverkan.example'),
  /** Receives accessibility feedback sent from pages that belong to no municipality (the start page). */
  FEEDBACK_TO: z.email().default('tillganglighet@trygg-samverkan.example'),
  /** Signs CSRF tokens. Without it a random secret per process is used (forms open before a restart then fail once). */
  CSRF_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Form posts per client IP per window (429 beyond). */
  RATE_LIMIT_MAX: env.positiveInt.default(20),
  RATE_LIMIT_WINDOW_SECONDS: env.positiveInt.default(600),
  /** `allow` opens the coordinator pages without sign-in, with a banner. */
  ...staffDevGuardShape,
  /** Set `true` behind HTTPS so cookies get the Secure flag. */
  COOKIE_SECURE: flag.default(false),
};

export type WebConfig = ReturnType<typeof loadWebConfig>;

export function loadWebConfig(source: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(webConfigShape, source);
  return { ...config, CSRF_SECRET: config.CSRF_SECRET ?? randomBytes(32).toString('base64url') };
}

/** The validated configuration (`loadWebConfig`'s output), provided to the whole application by `WebModule`. */
export const WEB_CONFIG = Symbol('WEB_CONFIG');
