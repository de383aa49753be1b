import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { RateLimitsModule } from '@trygg/rate-limits';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import { ActivityChecksModule } from './activity-checks.module';
import { AuditModule } from './audit.module';
import type { EnrolmentConfig } from './config';
import { CoordinationModule } from './coordination.module';
import { EmailReachabilityModule } from './email-reachability.module';
import { PoliceDecisionsModule } from './police-decisions.module';
import { HousekeepingModule } from './housekeeping.module';
import { LinksModule } from './links.module';
import { OnboardingModule } from './onboarding.module';
import { RegistrationsModule } from './registrations.module';
import { SelfServiceModule } from './self-service.module';

/**
 * Grannsamverkan: areas, resident registrations, groups, households, contact persons, self-service, coordinator,
 * the audit trail. Access to every route is libs/auth's AccessGuard, from the route contracts in libs/http-contracts.
 */
@Module({})
export class EnrolmentModule {
  static forRoot(config: EnrolmentConfig, logger: Logger): DynamicModule {
    return {
      module: EnrolmentModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'enrolment', config, logger, routes: serviceRoutes['enrolment'] }),
        // The public and link routes are limited here, where they are served (not only in the web front).
        RateLimitsModule.forRoot({ service: 'enrolment', config, logger, routes: serviceRoutes['enrolment'] }),
        OpenApiModule.forRoot(apiDocument('enrolment')),
        RegistrationsModule,
        LinksModule,
        SelfServiceModule,
        CoordinationModule,
        ActivityChecksModule,
        OnboardingModule,
        EmailReachabilityModule,
        PoliceDecisionsModule,
        HousekeepingModule,
        AuditModule,
      ],
    };
  }
}
