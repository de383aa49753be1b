import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument } from '@trygg/http-contracts';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import type { OnboardingConfig } from './config';
import { ProcessDefinitionsModule } from './definitions.module';
import { InstancesModule } from './instances.module';
import { StaffHttpModule } from './staff.module';

/** Runs each municipality's onboarding processes (versioned data) for members, contact persons and volunteers. */
@Module({})
export class OnboardingModule {
  static forRoot(config: OnboardingConfig, logger: Logger): DynamicModule {
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: staff endpoints trust the x-dev-staff-municipality header (development only)');
    return {
      module: OnboardingModule,
      imports: [ServiceKitModule.forRoot({ service: 'onboarding', config, logger }), OpenApiModule.forRoot(apiDocument('onboarding')), ProcessDefinitionsModule, InstancesModule, StaffHttpModule],
    };
  }
}
