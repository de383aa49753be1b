import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument } from '@trygg/http-contracts';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import { CasesModule } from './cases.module';
import type { PoliceLiaisonConfig } from './config';

/**
 * Kommunpolis: police-approval cases from onboarding (one per step request), kept per police area, decided by
 * the officer over HTTP, audited, answered with onboarding.step-completed.v1 and police.decision-recorded.v1.
 */
@Module({})
export class PoliceLiaisonModule {
  static forRoot(config: PoliceLiaisonConfig, logger: Logger): DynamicModule {
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: officer endpoints trust the x-dev-police-area header (development only)');
    return {
      module: PoliceLiaisonModule,
      imports: [ServiceKitModule.forRoot({ service: 'police-liaison', config, logger }), OpenApiModule.forRoot(apiDocument('police-liaison')), CasesModule],
    };
  }
}
