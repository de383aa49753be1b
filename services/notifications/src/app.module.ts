import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from '@trygg/observability';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { OpenApiModule, ServiceKitModule } from '@trygg/service-kit';
import type { NotificationsConfig } from './config';
import { DeliveryReportsModule } from './delivery-reports.module';
import { EventsModule } from './events.module';
import { HousekeepingModule } from './housekeeping.module';
import { MobileConfirmationModule } from './mobile-confirmation.module';
import { PreferencesModule } from './preferences.module';
import { PreviewModule } from './preview.module';
import { SendingModule } from './sending.module';
import { StaffModule } from './staff.module';

/**
 * Turns events into email and SMS through one BullMQ queue per channel: events → recipient facts and the
 * municipality's rules (EventsModule), the workers (SendingModule), preferences and unsubscribe links, the staff API
 * with broadcasts, SMS delivery reports, template previews, housekeeping. Every HTTP route is checked by libs/auth's
 * AccessGuard against its contract (public: preview; link: unsubscribe, delivery reports; internal: the web's
 * preferences API; signed-in: the staff API); a route without a contract is refused.
 */
@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig, logger: Logger): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        ServiceKitModule.forRoot({ service: 'notifications', config, logger, routes: serviceRoutes.notifications }),
        OpenApiModule.forRoot(apiDocument('notifications')),
        EventsModule,
        SendingModule,
        PreferencesModule,
        MobileConfirmationModule,
        StaffModule,
        DeliveryReportsModule,
        PreviewModule,
        HousekeepingModule,
      ],
    };
  }
}
