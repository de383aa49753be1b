import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { RateLimitsModule } from '@trygg/rate-limits';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import { AreaMessagesModule } from './area-messages.module';
import { CasesModule } from './cases.module';
import { ObservationsModule } from './observations.module';
import type { PoliceLiaisonConfig } from './config';

/**
 * Kommunpolis: police-approval cases from onboarding (one per step request), kept per police area, decided by
 * the signed-in officer over HTTP (libs/auth's AccessGuard from the route contracts), audited, answered with onboarding.step-completed.v1 and police.decision-recorded.v1.
 */
@Module({})
export class PoliceLiaisonModule {
  static forRoot(config: PoliceLiaisonConfig, logger: Logger): DynamicModule {
    return {
      module: PoliceLiaisonModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'police-liaison', config, logger, routes: serviceRoutes['police-liaison'] }), OpenApiModule.forRoot(apiDocument('police-liaison')),
        CasesModule,
        // The per-person limit on observations (Redis; counted in the process while Redis is away).
        RateLimitsModule.forRoot({ service: 'police-liaison', config, logger }),
        ObservationsModule,
        AreaMessagesModule,
      ],
    };
  }
}
