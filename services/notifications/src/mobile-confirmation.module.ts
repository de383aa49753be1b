import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { collectionProvider } from '@trygg/service-kit';
import { ConfirmMobileCode } from './application/confirm-mobile-code';
import {
  MESSAGE_QUEUE,
  MESSAGE_STORE,
  type MessageQueue,
  type MessageStore,
  MOBILE_CODE_QUOTA,
  type MobileCodeQuota,
  RECIPIENT_STORE,
  type RecipientStore,
  STAFF_VIEW_AUDIT,
  type StaffViewAudit,
} from './application/ports';
import { RequestMobileCode } from './application/request-mobile-code';
import { MobileConfirmationController } from './http/mobile-confirmation.controller';
import { MongoMobileCodeQuota } from './infrastructure/mongo-mobile-code-quota';
import { SendingModule } from './sending.module';
import { StaffModule } from './staff.module';
import { StoresModule } from './stores.module';

const MOBILE_CODES = Symbol('mobile code quota collection');

/**
 * "Bekräfta ditt mobilnummer" (no SMS goes to an unconfirmed number, `domain/mobile-confirmation.ts`): codes per
 * number and day (`mobile_code_quota`), the code SMS through the SMS queue like any message, the answers checked on
 * the recipient, confirmations in the hash-chained audit trail.
 */
@Module({
  imports: [StoresModule, SendingModule, StaffModule],
  controllers: [MobileConfirmationController],
  providers: [
    collectionProvider(MOBILE_CODES, 'mobile_code_quota'),
    { provide: MOBILE_CODE_QUOTA, inject: [MOBILE_CODES], useFactory: (codes: mongo.Collection) => new MongoMobileCodeQuota(codes as never) },
    {
      provide: RequestMobileCode,
      inject: [RECIPIENT_STORE, MOBILE_CODE_QUOTA, MESSAGE_STORE, MESSAGE_QUEUE, STAFF_VIEW_AUDIT],
      useFactory: (recipients: RecipientStore, quota: MobileCodeQuota, messages: MessageStore, queue: MessageQueue, audit: StaffViewAudit) =>
        new RequestMobileCode(recipients, quota, messages, queue, audit),
    },
    { provide: ConfirmMobileCode, inject: [RECIPIENT_STORE, STAFF_VIEW_AUDIT], useFactory: (recipients: RecipientStore, audit: StaffViewAudit) => new ConfirmMobileCode(recipients, audit) },
  ],
})
export class MobileConfirmationModule {}
