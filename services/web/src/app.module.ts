import { AreaMessagesModule } from './area-messages.module';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type Logger, ObservabilityModule } from '@trygg/observability';
import { RateLimitsModule } from '@trygg/rate-limits';
import { AccessibilityModule } from './accessibility.module';
import { AssetsModule } from './assets.module';
import { AuthModule } from './auth.module';
import { WEB_CONFIG, type WebConfig } from './config';
import { ObservationsModule } from './observations.module';
import { PoliceModule } from './police.module';
import { ResidentModule } from './resident.module';
import { RoundsModule } from './rounds.module';
import { SharedModule } from './shared.module';
import { StaffModule } from './staff.module';
import { StartMeetingsModule } from './start-meetings.module';
import { WalkerWalksModule } from './walker-walks.module';
import { WalksAdminModule } from './walks-admin.module';

/** The validated configuration (`WEB_CONFIG`) for every module. */
@Global()
@Module({})
class WebConfigModule {
  static forRoot(config: WebConfig): DynamicModule {
    return { module: WebConfigModule, providers: [{ provide: WEB_CONFIG, useValue: config }], exports: [WEB_CONFIG] };
  }
}

/**
 * The web front: server-rendered pages for residents, coordinators and police officers. It owns no domain data (no
 * database, no Kafka, so no ServiceKitModule): every page is a view of the enrolment service's HTTP API (and, for
 * "Dina utskick", of the notifications service's internal preferences API; for the police, of police-liaison's);
 * accessibility feedback is mailed over SMTP. Its own state is a CSRF cookie, a language cookie and the signed-in
 * person's sealed session cookie (staff and police sign in at their organisation's IdP). ObservabilityModule gives it logs, correlation ids and health.
 */
@Module({})
export class WebModule {
  static forRoot(config: WebConfig, logger: Logger): DynamicModule {
    return {
      module: WebModule,
      imports: [
        ObservabilityModule.forRoot({ logger, readinessChecks: [] }),
        WebConfigModule.forRoot(config),
        RateLimitsModule.forRoot({ service: 'web', config, logger }),
        SharedModule,
        ResidentModule,
        AuthModule,
        StaffModule,
        AreaMessagesModule,
        WalksAdminModule,
        PoliceModule,
        ObservationsModule,
        StartMeetingsModule,
        WalkerWalksModule,
        AccessibilityModule,
        RoundsModule,
        // Last: its catch-all 404 route comes after every other route.
        AssetsModule,
      ],
    };
  }
}
