import { type DynamicModule, Module } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { EventConsumer, InboxStore } from '@trygg/messaging';
import { loadMunicipalities } from '@trygg/municipalities';
import { type Logger, withTimeout } from '@trygg/observability';
import { createInfrastructure, InfrastructureLifecycleModule } from '@trygg/service-kit';
import { NotifyRegistrationSubmitted } from './application/notify-registration-submitted';
import { SendEmail } from './application/send-email';
import type { NotificationsConfig } from './config';
import { BullEmailQueue, startEmailWorker } from './infrastructure/email-queue';
import { MongoMessageStore, MongoRecipientStore } from './infrastructure/mongo-stores';
import { StaticMunicipalityNames } from './infrastructure/municipality-names';
import { RedisConnection } from './infrastructure/redis';
import { SmtpMailer } from './infrastructure/smtp-mailer';
import { eventHandlers } from './messaging/event-handlers';

/** Turns events into email (and, with its issue, SMS) through BullMQ queues. */
@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig, logger: Logger): DynamicModule {
    const municipalities = loadMunicipalities();
    const infra = createInfrastructure('notifications', config, logger);
    const redis = new RedisConnection(config.REDIS_URL, logger);
    const db = infra.mongo.connection;
    const recipients = new MongoRecipientStore(db.collection('recipients') as never);
    const messages = new MongoMessageStore(db.collection('messages') as never);
    const inbox = new InboxStore(db.collection('inbox') as never);
    const emailQueue = new BullEmailQueue(redis.client, config.EMAIL_MAX_ATTEMPTS, config.QUEUE_PREFIX);
    const mailer = new SmtpMailer(config.SMTP_URL, config.MAIL_FROM);
    const sendEmail = new SendEmail(messages, recipients, mailer, new StaticMunicipalityNames(municipalities), logger);
    const consumer = new EventConsumer({
      kafka: infra.kafka.kafka,
      groupId: config.CONSUMER_GROUP,
      handlers: eventHandlers(new NotifyRegistrationSubmitted(recipients, messages, emailQueue)),
      inbox,
      publisher: infra.kafka.publisher,
      logger,
    });
    let worker: Worker | undefined;
    return {
      module: NotificationsModule,
      imports: [
        InfrastructureLifecycleModule.forRoot(infra, {
          readinessChecks: [redis, consumer],
          afterConnect: async () => {
            await Promise.all([inbox.ensureIndexes(), messages.ensureIndexes()]);
            worker = startEmailWorker(redis.client, sendEmail, logger, { concurrency: config.EMAIL_CONCURRENCY, prefix: config.QUEUE_PREFIX });
            await consumer.start();
          },
          beforeShutdown: async () => {
            await consumer.stop();
            // A worker finishes its current job; with Redis away it cannot, so it gets a few seconds only.
            await withTimeout(Promise.all([worker?.close(), emailQueue.close()]), 5000, 'queue close').catch(() => undefined);
            mailer.close();
            await redis.stop();
          },
        }),
      ],
    };
  }
}
