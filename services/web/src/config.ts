import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { env, loadConfig } from '@trygg/config';

const httpUrl = z.string().refine((v) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, 'must be a URL starting with http:// or https://');

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The web front has no database and no Kafka: it needs the enrolment API, notifications' preferences API, a secret for its CSRF tokens, SMTP for
 * accessibility feedback, and its limits.
 */
export const webConfigShape = {
  PORT: env.port,
  LOG_LEVEL: env.logLevel,
  ENROLMENT_URL: httpUrl.default('http://127.0.0.1:3001'),
  /** The notifications service: its internal preferences API behind the "Dina utskick" pages. */
  NOTIFICATIONS_URL: httpUrl.default('http://127.0.0.1:3004'),
  /** Shared secret sent as `x-internal-token` to notifications' /internal/* API. Unset: those pages answer 503. */
  INTERNAL_API_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  SMTP_URL: env.smtpUrl.default('smtp://127.0.0.1:1025'),
  FEEDBACK_FROM: z.email().default('no-reply@trygg-samverkan.example'),
  /** Receives accessibility feedback sent from pages that belong to no municipality (the start page). */
  FEEDBACK_TO: z.email().default('tillganglighet@trygg-samverkan.example'),
  /** Signs CSRF tokens. Without it a random secret per process is used (forms open before a restart then fail once). */
  CSRF_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Form posts per client IP per window (429 beyond). */
  RATE_LIMIT_MAX: env.positiveInt.default(20),
  RATE_LIMIT_WINDOW_SECONDS: env.positiveInt.default(600),
  /** `allow` opens the coordinator pages without sign-in, with a banner. Development only; off by default. */
  STAFF_DEV_GUARD: z.enum(['allow', 'off']).default('off'),
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
