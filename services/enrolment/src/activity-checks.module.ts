import { Module } from '@nestjs/common';
import { AnswerActivityCheck } from './application/answer-activity-check';
import { DescribeActivityCheck } from './application/describe-activity-check';
import {
  AUDIT_LOG,
  type AuditLog,
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
      inject: [GROUPS, MUNICIPALITIES, AUDIT_LOG, ID_GENERATOR],
      useFactory: (groups: GroupRepository, municipalities: MunicipalityCatalogue, audit: AuditLog, newId: IdGenerator) => new RunActivityChecks(groups, municipalities, audit, newId),
    },
    { provide: DescribeActivityCheck, inject: [GROUPS, LINK_TOKENS], useFactory: (groups: GroupRepository, tokens: LinkTokenStore) => new DescribeActivityCheck(groups, tokens) },
    {
      provide: AnswerActivityCheck,
      inject: [GROUPS, LINK_TOKENS, AUDIT_LOG],
      useFactory: (groups: GroupRepository, tokens: LinkTokenStore, audit: AuditLog) => new AnswerActivityCheck(groups, tokens, audit),
    },
  ],
  exports: [RunActivityChecks],
})
export class ActivityChecksModule {}
