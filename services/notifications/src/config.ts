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
    },
    vars,
  );
}
