import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type Logger, ObservabilityModule } from '@trygg/observability';
import { AccessibilityModule } from './accessibility.module';
import { AssetsModule } from './assets.module';
import { WEB_CONFIG, type WebConfig } from './config';
import { ResidentModule } from './resident.module';
import { SharedModule } from './shared.module';
import { StaffModule } from './staff.module';

/** The validated configuration (`WEB_CONFIG`) for every module. */
@Global()
@Module({})
class WebConfigModule {
  static forRoot(config: WebConfig): DynamicModule {
    return { module: WebConfigModule, providers: [{ provide: WEB_CONFIG, useValue: config }], exports: [WEB_CONFIG] };
  }
}

/**
 * The web front: server-rendered pages for residents and coordinators. It owns no domain data (no database, no
 * Kafka, so no ServiceKitModule): every page is a view of the enrolment service's HTTP API (and, for "Dina utskick",
 * of the notifications service's internal preferences API); accessibility feedback is mailed over SMTP. Its own
 * state is a CSRF cookie and a language cookie. ObservabilityModule gives it logs, correlation ids and health.
 */
@Module({})
export class WebModule {
  static forRoot(config: WebConfig, logger: Logger): DynamicModule {
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: the coordinator pages are open without sign-in (development only)');
    return {
      module: WebModule,
      imports: [
        ObservabilityModule.forRoot({ logger, readinessChecks: [] }),
        WebConfigModule.forRoot(config),
        SharedModule,
        ResidentModule,
        StaffModule,
        AccessibilityModule,
        // Last: its catch-all 404 route comes after every other route.
        AssetsModule,
      ],
    };
  }
}
