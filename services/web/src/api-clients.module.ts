import { Module } from '@nestjs/common';
import { LOGGER, type Logger } from '@trygg/observability';
import { ENROLMENT_API } from './application/enrolment-api';
import { NOTIFICATIONS_API } from './application/notifications-api';
import { ONBOARDING_API } from './application/onboarding-api';
import { PERSONAL_DATA_API } from './application/personal-data';
import { POLICE_API } from './application/police-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { HttpEnrolmentApi } from './infrastructure/http-enrolment-api';
import { HttpNotificationsApi } from './infrastructure/http-notifications-api';
import { HttpOnboardingApi } from './infrastructure/http-onboarding-api';
import { HttpPersonalDataApi } from './infrastructure/http-personal-data-api';
import { HttpPoliceApi } from './infrastructure/http-police-api';
import { HttpVolunteersApi } from './infrastructure/http-volunteers-api';
import { VOLUNTEERS_API } from './application/volunteers-api';

/**
 * The services the pages are views of: enrolment's HTTP API (`ENROLMENT_API`), notifications' internal
 * preferences API (`NOTIFICATIONS_API`), police-liaison's (`POLICE_API`), volunteers' (`VOLUNTEERS_API`, the walker
 * sign-up), onboarding's (`ONBOARDING_API`, the start meeting's date on the coordinator's group page) and every service's personal-data route behind "Mina uppgifter" (`PERSONAL_DATA_API`), bound to their HTTP
 * adapters. Tests replace them with fakes
 * (`overrideProvider(ENROLMENT_API)`).
 */
@Module({
  providers: [
    { provide: ENROLMENT_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpEnrolmentApi(config.ENROLMENT_URL) },
    {
      provide: NOTIFICATIONS_API,
      inject: [WEB_CONFIG],
      useFactory: (config: WebConfig) => new HttpNotificationsApi(config.NOTIFICATIONS_URL, config.INTERNAL_SECRET_WEB_PREFERENCES),
    },
    { provide: POLICE_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpPoliceApi(config.POLICE_LIAISON_URL) },
    { provide: VOLUNTEERS_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpVolunteersApi(config.VOLUNTEERS_URL) },
    { provide: ONBOARDING_API, inject: [WEB_CONFIG, LOGGER], useFactory: (config: WebConfig, logger: Logger) => new HttpOnboardingApi(config.ONBOARDING_URL, logger) },
    {
      provide: PERSONAL_DATA_API,
      inject: [WEB_CONFIG],
      useFactory: (config: WebConfig) =>
        new HttpPersonalDataApi(
          { notifications: config.NOTIFICATIONS_URL, onboarding: config.ONBOARDING_URL, 'police-liaison': config.POLICE_LIAISON_URL, 'bra-review': config.BRA_REVIEW_URL, volunteers: config.VOLUNTEERS_URL },
          config.INTERNAL_SECRET_WEB_PERSONAL_DATA,
        ),
    },
  ],
  exports: [ENROLMENT_API, NOTIFICATIONS_API, POLICE_API, VOLUNTEERS_API, PERSONAL_DATA_API, ONBOARDING_API],
})
export class ApiClientsModule {}
