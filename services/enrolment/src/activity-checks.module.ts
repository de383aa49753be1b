import { Module } from '@nestjs/common';
import { AnswerActivityCheck } from './application/answer-activity-check';
import { DescribeActivityCheck } from './application/describe-activity-check';
import type { AuditLog, Clock } from '@trygg/values';
import {
  CLOCK,
  AUDIT_LOG,
  type AuditEntry,
  GROUPS,
  type GroupRepository,
  ID_GENERATOR,
  type IdGenerator,
  LINK_TOKENS,
  type LinkTokenStore,
  MUNICIPALITIES,
  type MunicipalityCatalogue,
} from './application/ports';
import { RunActivityChecks } from './application/run-activity-checks';
import { ActivityChecksController } from './http/activity-checks.controller';
import { PersistenceModule } from './persistence.module';

/**
 * The yearly "still active?" check of active groups: the round and its reminders (`RunActivityChecks`, run by the
 * housekeeping timer) and the contact person's one-click answer (ActivityChecksController).
 */
@Module({
  imports: [PersistenceModule],
  controllers: [ActivityChecksController],
  providers: [
    {
      provide: RunActivityChecks,
      inject: [GROUPS, MUNICIPALITIES, AUDIT_LOG, ID_GENERATOR, CLOCK],
      useFactory: (groups: GroupRepository, municipalities: MunicipalityCatalogue, audit: AuditLog<AuditEntry>, newId: IdGenerator, clock: Clock) => new RunActivityChecks(groups, municipalities, audit, newId, clock),
    },
    { provide: DescribeActivityCheck, inject: [GROUPS, LINK_TOKENS, CLOCK], useFactory: (groups: GroupRepository, tokens: LinkTokenStore, clock: Clock) => new DescribeActivityCheck(groups, tokens, clock) },
    {
      provide: AnswerActivityCheck,
      inject: [GROUPS, LINK_TOKENS, AUDIT_LOG, CLOCK],
      useFactory: (groups: GroupRepository, tokens: LinkTokenStore, audit: AuditLog<AuditEntry>, clock: Clock) => new AnswerActivityCheck(groups, tokens, audit, clock),
    },
  ],
  exports: [RunActivityChecks],
})
export class ActivityChecksModule {}
