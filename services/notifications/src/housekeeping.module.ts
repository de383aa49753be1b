import { Module } from '@nestjs/common';
import { type Logger, LOGGER } from '@trygg/observability';
import { type BeforeInfrastructureShutdown, Housekeeping, type OnInfrastructureReady, SERVICE_CONFIG } from '@trygg/service-kit';
import { AWAITING_STORE, type AwaitingStore } from './application/ports';
import { PurgeAwaiting } from './application/purge-awaiting';
import { CatalogueModule } from './catalogue.module';
import type { NotificationsConfig } from './config';
import { NotificationCatalogue } from './domain/catalogue';
import { StoresModule } from './stores.module';

/** The housekeeping timer, started once the service is connected and stopped at shutdown. */
export class NotificationsHousekeeping extends Housekeeping implements OnInfrastructureReady, BeforeInfrastructureShutdown {
  onInfrastructureReady(): void {
    this.start();
  }

  beforeInfrastructureShutdown(): void {
    this.stop();
  }
}

/**
 * Housekeeping: every HOUSEKEEPING_INTERVAL_MS, events that waited longer than AWAITING_RECIPIENT_DAYS for a person
 * notifications never heard of are given up (`PurgeAwaiting`, a log line per municipality).
 */
@Module({
  imports: [StoresModule, CatalogueModule],
  providers: [
    {
      provide: PurgeAwaiting,
      inject: [AWAITING_STORE, NotificationCatalogue, SERVICE_CONFIG, LOGGER],
      useFactory: (awaiting: AwaitingStore, catalogue: NotificationCatalogue, config: NotificationsConfig, logger: Logger) =>
        new PurgeAwaiting(awaiting, () => catalogue.ids(), config.AWAITING_RECIPIENT_DAYS, logger),
    },
    {
      provide: NotificationsHousekeeping,
      inject: [PurgeAwaiting, SERVICE_CONFIG, LOGGER],
      useFactory: (purgeAwaiting: PurgeAwaiting, config: NotificationsConfig, logger: Logger) =>
        new NotificationsHousekeeping({ 'purge-awaiting': () => purgeAwaiting.runOnce() }, config.HOUSEKEEPING_INTERVAL_MS, logger),
    },
  ],
})
export class HousekeepingModule {}
