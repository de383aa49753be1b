import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import type { OnboardingConfig } from './config';
import { ProcessDefinitionsModule } from './definitions.module';
import { InstancesModule } from './instances.module';
import { StaffHttpModule } from './staff.module';

/**
 * Runs each municipality's onboarding processes (versioned data) for members, contact persons and volunteers; staff
 * act signed in (libs/auth's AccessGuard from the route contracts), every decision in the hash-chained audit trail.
 */
@Module({})
export class OnboardingModule {
  static forRoot(config: OnboardingConfig, logger: Logger): DynamicModule {
    return {
      module: OnboardingModule,
      imports: [ServiceKitModule.forRoot({ service: 'onboarding', config, logger, routes: serviceRoutes['onboarding'] }), OpenApiModule.forRoot(apiDocument('onboarding')), ProcessDefinitionsModule, InstancesModule, StaffHttpModule],
    };
  }
}
