import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@trygg/service-kit';
import type { OnboardingConfig } from './config';
import { ProcessDefinitionsModule } from './definitions.module';
import { DevStaffGuard, STAFF_DEV_GUARD } from './http/dev-staff.guard';
import { InstancesController } from './http/instances.controller';
import { ProcessesController } from './http/processes.controller';
import { InstancesModule } from './instances.module';

/**
 * The staff JSON API (behind the development guard until staff sign-in exists): instances (answer, provide info,
 * withdraw, migrate, timeline, by subject) and processes (what runs and what was refused, lead times).
 */
@Module({
  imports: [InstancesModule, ProcessDefinitionsModule],
  controllers: [InstancesController, ProcessesController],
  providers: [{ provide: STAFF_DEV_GUARD, inject: [SERVICE_CONFIG], useFactory: (config: OnboardingConfig) => config.STAFF_DEV_GUARD }, DevStaffGuard],
})
export class StaffHttpModule {}
