import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument } from '@trygg/http-contracts';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import type { BraReviewConfig } from './config';
import { ReviewsModule } from './reviews.module';

/** Example onboarding plug-in: a local BRÅ's review of new groups (Lilla Edet's process uses it). */
@Module({})
export class BraReviewModule {
  static forRoot(config: BraReviewConfig, logger: Logger): DynamicModule {
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: endpoints trust the x-dev-staff-municipality header (development only)');
    return {
      module: BraReviewModule,
      imports: [ServiceKitModule.forRoot({ service: 'bra-review', config, logger }), OpenApiModule.forRoot(apiDocument('bra-review')), ReviewsModule],
    };
  }
}
