import { z } from 'zod';
import { env, loadConfig, serviceBaseShape } from '@trygg/config';

export type NotificationsConfig = ReturnType<typeof loadNotificationsConfig>;

export function loadNotificationsConfig(vars: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...serviceBaseShape,
      REDIS_URL: env.redisUrl,
      SMTP_URL: env.smtpUrl,
      MAIL_FROM: z.string().min(3).default('Trygg Samverkan <no-reply@trygg-samverkan.local>'),
      EMAIL_CONCURRENCY: env.positiveInt.default(5),
      EMAIL_MAX_ATTEMPTS: env.positiveInt.default(8),
      /** Separate environments sharing one cluster (e.g. the end-to-end tests beside a running system) use their own group. */
      CONSUMER_GROUP: z.string().regex(/^[a-z0-9._-]+$/).default('notifications'),
      /** Namespace of the BullMQ keys in Redis, for the same reason. */
      QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/).default('trygg'),
    },
    vars,
  );
}
