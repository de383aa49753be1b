import { Module } from '@nestjs/common';
import { ENROLMENT_API } from './application/enrolment-api';
import { NOTIFICATIONS_API } from './application/notifications-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { HttpEnrolmentApi } from './infrastructure/http-enrolment-api';
import { HttpNotificationsApi } from './infrastructure/http-notifications-api';

/**
 * The services the pages are views of: enrolment's HTTP API (`ENROLMENT_API`) and notifications' internal
 * preferences API (`NOTIFICATIONS_API`), bound to their HTTP adapters. Tests replace them with fakes
 * (`overrideProvider(ENROLMENT_API)`).
 */
@Module({
  providers: [
    { provide: ENROLMENT_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpEnrolmentApi(config.ENROLMENT_URL) },
    {
      provide: NOTIFICATIONS_API,
      inject: [WEB_CONFIG],
      useFactory: (config: WebConfig) => new HttpNotificationsApi(config.NOTIFICATIONS_URL, config.INTERNAL_API_TOKEN),
    },
  ],
  exports: [ENROLMENT_API, NOTIFICATIONS_API],
})
export class ApiClientsModule {}
