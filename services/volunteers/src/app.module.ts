import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { RateLimitsModule } from '@trygg/rate-limits';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import type { VolunteersConfig } from './config';
import { RoundsModule } from './rounds.module';
import { WalkReportsModule } from './walk-reports.module';
import { WalkersModule } from './walkers.module';

/**
 * Trygghetsvandrare / nattvandrare. So far: sign-up (which starts the municipality's volunteer onboarding by event
 * and gives notifications the walker's contact details), the walker's status when onboarding ends, erasure by a
 * signed-in coordinator (libs/auth's AccessGuard from the route contracts), audited, and walks (composition rules per
 * organisation, booking and check-in through the walker's link, cancellation, the understaffed notice).
 * After-walk reports and safety rounds come with their issue.
 */
@Module({})
export class VolunteersModule {
  static forRoot(config: VolunteersConfig, logger: Logger): DynamicModule {
    return {
      module: VolunteersModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'volunteers', config, logger, routes: serviceRoutes['volunteers'] }),
        // The public sign-up is limited here, where it is served (per network, email and mobile number).
        RateLimitsModule.forRoot({ service: 'volunteers', config, logger, routes: serviceRoutes['volunteers'] }),
        OpenApiModule.forRoot(apiDocument('volunteers')),
        WalkersModule,
        RoundsModule,
        WalkReportsModule,
      ],
    };
  }
}
