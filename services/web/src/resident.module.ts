import { Module } from '@nestjs/common';
import { LOGGER, type Logger } from '@trygg/observability';
import { ApiClientsModule } from './api-clients.module';
import { GatherPersonalData, PERSONAL_DATA_API, type PersonalDataApi } from './application/personal-data';
import { ActivityCheckController } from './http/activity-check.controller';
import { ContactPersonController } from './http/contact-person.controller';
import { AcknowledgeController } from './http/acknowledge.controller';
import { EmailChangeController } from './http/email-change.controller';
import { PersonalDataController } from './http/personal-data.controller';
import { MobileConfirmationController } from './http/mobile-confirmation.controller';
import { PreferencesController, SelfServicePreferencesController } from './http/preferences.controller';
import { ResidentController } from './http/resident.controller';
import { SelfServiceController } from './http/self-service.controller';
import { WalkerController } from './http/walker.controller';
import { WalkerMobileController } from './http/walker-mobile.controller';
import { WEB_CONFIG, type WebConfig } from './config';
import { WalkerMobileCapabilities } from './domain/walker-mobile-capability';
import { SharedModule } from './shared.module';

/**
 * The residents' pages: start page, registration and its confirmation, privacy notice (ResidentController), the
 * yearly activity check (ActivityCheckController), self-service "Mina uppgifter" (SelfServiceController), the
 * contact person's households, hand-over and sign reports (ContactPersonController), and the message preferences
 * "Dina utskick" by link or from "Mina uppgifter" (PreferencesController, SelfServicePreferencesController), the walker
 * (trygghetsvandrare) sign-up with its emailed confirmation (WalkerController, a view of volunteers' API), and all
 * the person's data from every service as a page and a JSON download (PersonalDataController, GatherPersonalData), and
 * the link sent to a new email address (EmailChangeController), and "Bekräfta ditt mobilnummer" from "Mina uppgifter"
 * (MobileConfirmationController) and for a walker right after confirming their sign-up (WalkerMobileController).
 */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [ResidentController, ActivityCheckController, SelfServiceController, SelfServicePreferencesController, PreferencesController, ContactPersonController, AcknowledgeController, PersonalDataController, EmailChangeController, WalkerController, MobileConfirmationController, WalkerMobileController],
  providers: [
    // The walker's signed "confirm your mobile" capability: a key derived from WEB_SESSION_SECRET (the same on every instance).
    { provide: WalkerMobileCapabilities, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new WalkerMobileCapabilities(config.WEB_SESSION_SECRET) },
    {
      provide: GatherPersonalData,
      inject: [PERSONAL_DATA_API, LOGGER],
      useFactory: (api: PersonalDataApi, logger: Logger) =>
        new GatherPersonalData(api, (source, error) => logger.warn({ source, err: error.message }, 'personal data: a service could not answer')),
    },
  ],
})
export class ResidentModule {}
