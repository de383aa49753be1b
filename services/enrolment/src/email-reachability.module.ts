import { Module } from '@nestjs/common';
import { REGISTRATIONS, type RegistrationRepository } from './application/ports';
import { RecordEmailReachability } from './application/record-email-reachability';
import { NotificationsEventsController } from './messaging/notifications-events.controller';
import { PersistenceModule } from './persistence.module';

/**
 * Stale contacts (NotificationsEventsController): whether a person's email address works, as notifications tells
 * it, recorded on their registrations and shown to the contact person and the coordinator.
 */
@Module({
  imports: [PersistenceModule],
  controllers: [NotificationsEventsController],
  providers: [{ provide: RecordEmailReachability, inject: [REGISTRATIONS], useFactory: (registrations: RegistrationRepository) => new RecordEmailReachability(registrations) }],
})
export class EmailReachabilityModule {}
