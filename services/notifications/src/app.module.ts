import { type DynamicModule, Module } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { EventConsumer, InboxStore, OutboxRelay } from '@trygg/messaging';
import { defaultMunicipalitiesDir, loadMunicipalities } from '@trygg/municipalities';
import { type Logger, withTimeout } from '@trygg/observability';
import { createInfrastructure, Housekeeping, InfrastructureLifecycleModule, INTERNAL_API_TOKEN, InternalTokenGuard } from '@trygg/service-kit';
import { AwaitingRecipients } from './application/awaiting-recipients';
import { PurgeAwaiting } from './application/purge-awaiting';
import { SendBroadcast } from './application/broadcast';
import { RecordDeliveryReport } from './application/delivery-reports';
import { NotifyOnEvent } from './application/notify-on-event';
import { PreviewTemplate } from './application/preview';
import { RecordRecipientFacts } from './application/recipient-facts';
import { SendMessage } from './application/send-message';
import { ManagePreferences } from './application/manage-preferences';
import { UnsubscribeLinks } from './application/unsubscribe-links';
import type { NotificationsConfig } from './config';
import { NotificationCatalogue } from './domain/catalogue';
import { loadNotificationCatalogue } from './infrastructure/catalogue-loader';
import { ElksSmsProvider } from './infrastructure/elks-sms-provider';
import { HttpLinkIssuer } from './infrastructure/http-link-issuer';
import { BullMessageQueues, startMessageWorker } from './infrastructure/message-queues';
import { MongoAwaitingStore } from './infrastructure/mongo-awaiting-store';
import { MongoBroadcastStore } from './infrastructure/mongo-broadcast-store';
import { MongoMessageStore } from './infrastructure/mongo-message-store';
import { MongoRecipientStore } from './infrastructure/mongo-recipient-store';
import { RedisConnection } from './infrastructure/redis';
import { SmtpMailer } from './infrastructure/smtp-mailer';
import { BROADCAST_STORE, QUEUE_COUNTS, RECIPIENT_STORE, StaffController } from './http/staff.controller';
import { DeliveryReportsController } from './http/delivery-reports.controller';
import { PreviewController } from './http/preview.controller';
import { DELIVERY_REPORT_SECRET, LOGGER, MESSAGE_STORE, STAFF_GUARD } from './http/tokens';
import { InternalPreferencesController } from './http/preferences.controller';
import { UnsubscribeController } from './http/unsubscribe.controller';
import { eventHandlers } from './messaging/event-handlers';

/** Turns events into email and SMS through one BullMQ queue per channel. */
@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig, logger: Logger): DynamicModule {
    const municipalities = loadMunicipalities();
    // Refuses to start on bad rules or templates, naming the file and the reason.
    const catalogue = loadNotificationCatalogue({ municipalities, municipalitiesDir: defaultMunicipalitiesDir() });
    const infra = createInfrastructure('notifications', config, logger);
    const redis = new RedisConnection(config.REDIS_URL, logger);
    const db = infra.mongo.connection;
    const recipientsCollection = db.collection('recipients') as never;
    // Recipients carry their own outbox (contact-reachability-changed). The poller is only the recovery path (its query
    // uses the relay's partial index): every 10 s is enough for a rare event.
    const recipientRelay = new OutboxRelay(recipientsCollection, infra.kafka.publisher, logger, { pollIntervalMs: 10_000 });
    const recipients = new MongoRecipientStore(recipientsCollection, recipientRelay);
    const messages = new MongoMessageStore(db.collection('messages') as never);
    const broadcasts = new MongoBroadcastStore(db.collection('broadcasts') as never);
    const awaiting = new MongoAwaitingStore(db.collection('awaiting') as never);
    const inbox = new InboxStore(db.collection('inbox') as never);
    const queue = new BullMessageQueues(redis.client, {
      prefix: config.QUEUE_PREFIX,
      maxAttempts: { email: config.EMAIL_MAX_ATTEMPTS, sms: config.SMS_MAX_ATTEMPTS },
      backoffMs: config.RETRY_BASE_DELAY_MS,
    });
    const mailer = new SmtpMailer(config.SMTP_URL, config.MAIL_FROM, config.dkim);
    const publicUrl = config.NOTIFICATIONS_PUBLIC_URL.replace(/\/$/, '');
    const sms = new ElksSmsProvider({
      baseUrl: config.SMS_PROVIDER_URL,
      username: config.SMS_USERNAME,
      password: config.SMS_PASSWORD,
      from: config.SMS_FROM,
      deliveryReportUrl: `${(config.SMS_DELIVERY_REPORT_BASE_URL ?? publicUrl).replace(/\/$/, '')}/sms/delivery-reports/${config.SMS_DELIVERY_REPORT_SECRET}`,
      timeoutMs: config.SMS_TIMEOUT_MS,
    });
    const unsubscribe = new UnsubscribeLinks(messages, recipients, { notifications: publicUrl, web: config.WEB_PUBLIC_URL }, config.UNSUBSCRIBE_VALID_DAYS);
    const links = new HttpLinkIssuer(config.ENROLMENT_URL, config.INTERNAL_API_TOKEN);
    const send = new SendMessage({ catalogue, messages, recipients, broadcasts, mailer, sms, links, unsubscribe, queue, logger });
    const notify = new NotifyOnEvent(catalogue, recipients, messages, queue, awaiting, logger);
    const awaitingRecipients = new AwaitingRecipients(awaiting, notify, logger);
    const purgeAwaiting = new PurgeAwaiting(awaiting, () => catalogue.ids(), config.AWAITING_RECIPIENT_DAYS, logger);
    const housekeeping = new Housekeeping({ 'purge-awaiting': () => purgeAwaiting.runOnce() }, config.HOUSEKEEPING_INTERVAL_MS, logger);
    const ruleEvents = [...new Set(catalogue.ids().flatMap((id) => catalogue.allRules(id).map((r) => r.event)))];
    const consumer = new EventConsumer({
      kafka: infra.kafka.kafka,
      groupId: config.CONSUMER_GROUP,
      handlers: eventHandlers(ruleEvents, new RecordRecipientFacts(recipients, messages, awaitingRecipients), notify),
      inbox,
      fromBeginning: config.CONSUMER_FROM_BEGINNING,
      publisher: infra.kafka.publisher,
      logger,
    });
    const workers: Worker[] = [];
    return {
      module: NotificationsModule,
      controllers: [PreviewController, UnsubscribeController, InternalPreferencesController, DeliveryReportsController, StaffController],
      providers: [
        { provide: NotificationCatalogue, useValue: catalogue },
        { provide: PreviewTemplate, useValue: new PreviewTemplate(catalogue, config.WEB_PUBLIC_URL) },
        { provide: UnsubscribeLinks, useValue: unsubscribe },
        { provide: ManagePreferences, useValue: new ManagePreferences(unsubscribe, recipients) },
        { provide: INTERNAL_API_TOKEN, useValue: config.INTERNAL_API_TOKEN },
        InternalTokenGuard,
        { provide: RecordDeliveryReport, useValue: new RecordDeliveryReport(messages) },
        { provide: SendBroadcast, useValue: new SendBroadcast(catalogue, recipients, messages, broadcasts, queue) },
        { provide: MESSAGE_STORE, useValue: messages },
        { provide: BROADCAST_STORE, useValue: broadcasts },
        { provide: RECIPIENT_STORE, useValue: recipients },
        { provide: QUEUE_COUNTS, useValue: () => queue.counts() },
        { provide: STAFF_GUARD, useValue: config.STAFF_DEV_GUARD },
        { provide: DELIVERY_REPORT_SECRET, useValue: config.SMS_DELIVERY_REPORT_SECRET },
        { provide: LOGGER, useValue: logger },
      ],
      imports: [
        InfrastructureLifecycleModule.forRoot(infra, {
          readinessChecks: [redis, consumer],
          afterConnect: async () => {
            await Promise.all([inbox.ensureIndexes(), messages.ensureIndexes(), recipients.ensureIndexes(), awaiting.ensureIndexes()]);
            recipientRelay.start();
            housekeeping.start();
            workers.push(
              startMessageWorker('email', redis.client, send, logger, { concurrency: config.EMAIL_CONCURRENCY, prefix: config.QUEUE_PREFIX, perSecond: config.EMAIL_PER_SECOND, lockMs: config.JOB_LOCK_MS }),
              startMessageWorker('sms', redis.client, send, logger, { concurrency: config.SMS_CONCURRENCY, prefix: config.QUEUE_PREFIX, perSecond: config.SMS_PER_SECOND, lockMs: config.JOB_LOCK_MS }),
            );
            await consumer.start();
          },
          beforeShutdown: async () => {
            await consumer.stop();
            housekeeping.stop();
            recipientRelay.stop();
            // A worker finishes its current job; with Redis away it cannot, so it gets a few seconds only.
            await withTimeout(Promise.all([...workers.map((w) => w.close()), queue.close()]), 5000, 'queue close').catch(() => undefined);
            mailer.close();
            await redis.stop();
          },
        }),
      ],
    };
  }
}
