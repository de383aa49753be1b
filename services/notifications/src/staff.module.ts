import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { type Logger, LOGGER } from '@trygg/observability';
import { AuditTrailLog } from '@trygg/audit';
import { AUDIT_RECORDS, AuditRecordsController, collectionProvider } from '@trygg/service-kit';
import { SendBroadcast } from './application/send-broadcast';
import {
  BROADCAST_STORE,
  type BroadcastStore,
  MESSAGE_QUEUE,
  type MessageQueue,
  MESSAGE_STORE,
  type MessageStore,
  RECIPIENT_STORE,
  type RecipientStore,
  STAFF_VIEW_AUDIT,
  type StaffViewAudit,
} from './application/ports';
import { SearchMessageLog, ViewUnreachableRecipients } from './application/view-staff-lists';
import { CatalogueModule } from './catalogue.module';
import { NotificationCatalogue } from './domain/catalogue';
import { QUEUE_COUNTS, QueuesController, StaffController } from './http/staff.controller';
import { BullMessageQueues } from './infrastructure/message-queues';
import { PreviewModule } from './preview.module';
import { SendingModule } from './sending.module';
import { StoresModule } from './stores.module';

const AUDIT = Symbol('audit collection');
const RESUME_BROADCASTS = Symbol('resume unfinished broadcasts');

/**
 * The staff API (signed-in coordinator, scoped to the token's municipality; the queues' job counts for an admin):
 * the delivery log, the queues' job counts, stale contacts, and area broadcasts (`SendBroadcast`: accepted at once, then every recipient of the named groups and areas streamed and
 * queued page by page in the background; a fan-out a dead process left unfinished is resumed at the next start). Views of the delivery log and of the unreachable recipients are audited in the hash-chained trail
 * (`audit_trail`), which `GET /audit` shows to an admin or the municipality's data-protection officer (AuditRecordsController).
 */
@Module({
  imports: [StoresModule, CatalogueModule, SendingModule, PreviewModule],
  controllers: [StaffController, QueuesController, AuditRecordsController],
  providers: [
    {
      provide: SendBroadcast,
      inject: [NotificationCatalogue, RECIPIENT_STORE, MESSAGE_STORE, BROADCAST_STORE, MESSAGE_QUEUE, STAFF_VIEW_AUDIT, LOGGER],
      useFactory: (catalogue: NotificationCatalogue, recipients: RecipientStore, messages: MessageStore, broadcasts: BroadcastStore, queue: MessageQueue, audit: StaffViewAudit, logger: Logger) =>
        new SendBroadcast(catalogue, recipients, messages, broadcasts, queue, audit, logger),
    },
    // Once the database and the queues are there: complete every fan-out a dead process left unfinished, in the
    // background (readiness does not wait for a 20,000-recipient fan-out).
    {
      provide: RESUME_BROADCASTS,
      inject: [SendBroadcast, LOGGER],
      useFactory: (send: SendBroadcast, logger: Logger) => ({
        onInfrastructureReady: () => {
          send.resumeUnfinished().catch((error: unknown) => logger.error({ err: error }, 'resuming unfinished broadcasts failed'));
        },
      }),
    },
    // The hash-chained trail of libs/audit (`npm run audit:verify -- notifications`).
    collectionProvider(AUDIT, 'audit_trail'),
    { provide: STAFF_VIEW_AUDIT, inject: [AUDIT], useFactory: (audit: mongo.Collection) => new AuditTrailLog(audit as never) },
    { provide: AUDIT_RECORDS, useExisting: STAFF_VIEW_AUDIT },
    { provide: SearchMessageLog, inject: [MESSAGE_STORE, STAFF_VIEW_AUDIT], useFactory: (messages: MessageStore, audit: StaffViewAudit) => new SearchMessageLog(messages, audit) },
    { provide: ViewUnreachableRecipients, inject: [RECIPIENT_STORE, STAFF_VIEW_AUDIT], useFactory: (recipients: RecipientStore, audit: StaffViewAudit) => new ViewUnreachableRecipients(recipients, audit) },
    { provide: QUEUE_COUNTS, inject: [BullMessageQueues], useFactory: (queues: BullMessageQueues) => () => queues.counts() },
  ],
  exports: [STAFF_VIEW_AUDIT, SendBroadcast],
})
export class StaffModule {}
