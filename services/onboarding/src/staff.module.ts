import { Module } from '@nestjs/common';
import { AuditController } from './http/audit.controller';
import { ProcessDefinitionsModule } from './definitions.module';
import { InstancesController } from './http/instances.controller';
import { ProcessesController } from './http/processes.controller';
import { InstancesModule } from './instances.module';

/**
 * The staff JSON API (signed in: libs/auth's AccessGuard from the route contracts): instances (answer, provide info,
 * withdraw, migrate, timeline, by subject), processes (what runs and what was refused, lead times) and the audit trail.
 */
@Module({
  imports: [InstancesModule, ProcessDefinitionsModule],
  controllers: [InstancesController, ProcessesController, AuditController],
})
export class StaffHttpModule {}
