import { Module } from '@nestjs/common';
import { AUDIT_RECORDS, AuditRecordsController } from '@trygg/service-kit';
import { AUDIT_LOG } from './application/ports';
import { ProcessDefinitionsModule } from './definitions.module';
import { InstancesController } from './http/instances.controller';
import { PersonalDataController } from './http/personal-data.controller';
import { ProcessesController } from './http/processes.controller';
import { InstancesModule } from './instances.module';

/**
 * The staff JSON API (signed in: libs/auth's AccessGuard from the route contracts): instances (answer, provide info,
 * withdraw, migrate, timeline, by subject), processes (what runs and what was refused, lead times) and the audit trail
 * (libs/service-kit's AuditRecordsController over the decision log's trail); and, internal for the web only, what
 * onboarding holds about a person (PersonalDataController, "Mina uppgifter").
 */
@Module({
  imports: [InstancesModule, ProcessDefinitionsModule],
  controllers: [InstancesController, ProcessesController, AuditRecordsController, PersonalDataController],
  providers: [{ provide: AUDIT_RECORDS, useExisting: AUDIT_LOG }],
})
export class StaffHttpModule {}
