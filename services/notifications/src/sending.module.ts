import { Module } from '@nestjs/common';
import { type Logger, LOGGER, ReadinessRegistry } from '@trygg/observability';
import type { mongo } from 'mongoose';
import { collectionProvider, SERVICE_CONFIG } from '@trygg/service-kit';
import {
  BROADCAST_STORE,
  type BroadcastStore,
  LINK_ISSUER,
  type LinkIssuer,
  MAILER,
  type Mailer,
  MESSAGE_QUEUE,
  type MessageQueue,
  MESSAGE_STORE,
  type MessageStore,
  RECIPIENT_STORE,
  type RecipientStore,
  SMS_COUNTERS,
  SMS_PROVIDER,
  type SmsCounters,
  type SmsProvider,
} from './application/ports';
import { CheckSmsCaps } from './application/check-sms-caps';
import { SendMessage } from './application/send-message';
import { UnsubscribeLinks } from './application/unsubscribe-links';
import { CatalogueModule } from './catalogue.module';
import { type NotificationsConfig, notificationsPublicUrl } from './config';
import { NotificationCatalogue } from './domain/catalogue';
import { ElksSmsProvider } from './infrastructure/elks-sms-provider';
import { HttpLinkIssuer } from './infrastructure/http-link-issuer';
import { BullMessageQueues } from './infrastructure/message-queues';
import { MessageWorkers } from './infrastructure/message-workers';
import { MongoSmsCounters } from './infrastructure/mongo-sms-counters';
import { RedisConnection } from './infrastructure/redis';
import { SmtpMailer } from './infrastructure/smtp-mailer';
import { PreferencesModule } from './preferences.module';
import { StoresModule } from './stores.module';

const SMS_COUNTERS_COLLECTION = Symbol('sms_counters collection');

/**
 * Sending: one BullMQ queue per channel on Redis (a readiness check), and the workers that render and send each
 * message (`SendMessage`) by SMTP or through the 46elks-style SMS provider, with links asked from enrolment at send
 * time, SMS within the daily caps (`CheckSmsCaps`, counters in `sms_counters`). The workers start once the service is connected and close at shutdown (`MessageWorkers`).
 */
@Module({
  imports: [StoresModule, CatalogueModule, PreferencesModule],
  providers: [
    {
      provide: RedisConnection,
      inject: [SERVICE_CONFIG, LOGGER, ReadinessRegistry],
      useFactory: (config: NotificationsConfig, logger: Logger, readiness: ReadinessRegistry) => readiness.add(new RedisConnection(config.REDIS_URL, logger)),
    },
    {
      provide: BullMessageQueues,
      inject: [RedisConnection, SERVICE_CONFIG],
      useFactory: (redis: RedisConnection, config: NotificationsConfig) =>
        new BullMessageQueues(redis.client, {
          prefix: config.QUEUE_PREFIX,
          maxAttempts: { email: config.EMAIL_MAX_ATTEMPTS, sms: config.SMS_MAX_ATTEMPTS },
          backoffMs: config.RETRY_BASE_DELAY_MS,
        }),
    },
    { provide: MESSAGE_QUEUE, useExisting: BullMessageQueues },
    { provide: SmtpMailer, inject: [SERVICE_CONFIG], useFactory: (config: NotificationsConfig) => new SmtpMailer(config.SMTP_URL, config.MAIL_FROM, config.dkim) },
    { provide: MAILER, useExisting: SmtpMailer },
    {
      provide: SMS_PROVIDER,
      inject: [SERVICE_CONFIG],
      useFactory: (config: NotificationsConfig) =>
        new ElksSmsProvider({
          baseUrl: config.SMS_PROVIDER_URL,
          username: config.SMS_USERNAME,
          password: config.SMS_PASSWORD,
          from: config.SMS_FROM,
          deliveryReportUrl: `${(config.SMS_DELIVERY_REPORT_BASE_URL ?? notificationsPublicUrl(config)).replace(/\/$/, '')}/sms/delivery-reports/${config.SMS_DELIVERY_REPORT_SECRET}`,
          timeoutMs: config.SMS_TIMEOUT_MS,
        }),
    },
    collectionProvider(SMS_COUNTERS_COLLECTION, 'sms_counters'),
    { provide: SMS_COUNTERS, inject: [SMS_COUNTERS_COLLECTION], useFactory: (collection: mongo.Collection) => new MongoSmsCounters(collection as never) },
    {
      provide: CheckSmsCaps,
      inject: [SMS_COUNTERS, MAILER, NotificationCatalogue, SERVICE_CONFIG, LOGGER],
      useFactory: (counters: SmsCounters, mailer: Mailer, catalogue: NotificationCatalogue, config: NotificationsConfig, logger: Logger) =>
        new CheckSmsCaps(counters, mailer, catalogue, { perNumberPerDay: config.SMS_CAP_PER_NUMBER_PER_DAY, perMunicipalityPerDay: config.SMS_CAP_PER_MUNICIPALITY_PER_DAY }, logger),
    },
    { provide: LINK_ISSUER, inject: [SERVICE_CONFIG], useFactory: (config: NotificationsConfig) => new HttpLinkIssuer(config.ENROLMENT_URL, config.INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS, undefined, config.VOLUNTEERS_URL, config.POLICE_LIAISON_URL) },
    {
      provide: SendMessage,
      inject: [NotificationCatalogue, MESSAGE_STORE, RECIPIENT_STORE, BROADCAST_STORE, MAILER, SMS_PROVIDER, LINK_ISSUER, UnsubscribeLinks, MESSAGE_QUEUE, LOGGER, CheckSmsCaps],
      useFactory: (
        catalogue: NotificationCatalogue,
        messages: MessageStore,
        recipients: RecipientStore,
        broadcasts: BroadcastStore,
        mailer: Mailer,
        sms: SmsProvider,
        links: LinkIssuer,
        unsubscribe: UnsubscribeLinks,
        queue: MessageQueue,
        logger: Logger,
        smsCaps: CheckSmsCaps,
      ) => new SendMessage({ catalogue, messages, recipients, broadcasts, mailer, sms, links, unsubscribe, queue, logger, smsCaps }),
    },
    {
      provide: MessageWorkers,
      inject: [RedisConnection, BullMessageQueues, SmtpMailer, SendMessage, SERVICE_CONFIG, LOGGER],
      useFactory: (redis: RedisConnection, queues: BullMessageQueues, mailer: SmtpMailer, send: SendMessage, config: NotificationsConfig, logger: Logger) =>
        new MessageWorkers(redis, queues, mailer, send, logger, {
          prefix: config.QUEUE_PREFIX,
          lockMs: config.JOB_LOCK_MS,
          channels: {
            email: { concurrency: config.EMAIL_CONCURRENCY, perSecond: config.EMAIL_PER_SECOND },
            sms: { concurrency: config.SMS_CONCURRENCY, perSecond: config.SMS_PER_SECOND },
          },
        }),
    },
  ],
  exports: [MESSAGE_QUEUE, BullMessageQueues],
})
export class SendingModule {}
