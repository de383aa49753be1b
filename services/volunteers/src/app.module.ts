import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument } from '@trygg/http-contracts';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import type { VolunteersConfig } from './config';
import { WalkersModule } from './walkers.module';

/**
 * Trygghetsvandrare / nattvandrare. So far: sign-up (which starts the municipality's volunteer onboarding by event
 * and gives notifications the walker's contact details), the walker's status when onboarding ends, and erasure.
 * Walks, bookings, reports and safety rounds come with their issue.
 */
@Module({})
export class VolunteersModule {
  static forRoot(config: VolunteersConfig, logger: Logger): DynamicModule {
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: the staff API trusts the x-dev-staff-municipality header (development only)');
    return {
      module: VolunteersModule,
      imports: [ServiceKitModule.forRoot({ service: 'volunteers', config, logger }), OpenApiModule.forRoot(apiDocument('volunteers')), WalkersModule],
    };
  }
}
