import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import type { BraReviewConfig } from './config';
import { ReviewsModule } from './reviews.module';

/**
 * Example onboarding plug-in: a local BRÅ's review of new groups (Lilla Edet's process uses it), decided by the
 * municipality's signed-in reviewer (libs/auth's AccessGuard from the route contracts), audited in a hash-chained trail.
 */
@Module({})
export class BraReviewModule {
  static forRoot(config: BraReviewConfig, logger: Logger): DynamicModule {
    return {
      module: BraReviewModule,
      imports: [ServiceKitModule.forRoot({ service: 'bra-review', config, logger, routes: serviceRoutes['bra-review'] }), OpenApiModule.forRoot(apiDocument('bra-review')), ReviewsModule],
    };
  }
}
