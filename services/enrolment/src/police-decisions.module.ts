import { Module } from '@nestjs/common';
import type { AuditLog, Clock } from '@trygg/values';
import { AUDIT_LOG, type AuditEntry, CLOCK, GROUPS, type GroupRepository } from './application/ports';
import { RevokeContactPerson } from './application/revoke-contact-person';
import { PoliceEventsController } from './messaging/police-events.controller';
import { PersistenceModule } from './persistence.module';

/**
 * Police decisions that enrolment applies itself (PoliceEventsController): a revoked approval deactivates the
 * contact person of their group (RevokeContactPerson).
 */
@Module({
  imports: [PersistenceModule],
  controllers: [PoliceEventsController],
  providers: [
    {
      provide: RevokeContactPerson,
      inject: [GROUPS, AUDIT_LOG, CLOCK],
      useFactory: (groups: GroupRepository, audit: AuditLog<AuditEntry>, clock: Clock) => new RevokeContactPerson(groups, audit, clock),
    },
  ],
})
export class PoliceDecisionsModule {}
