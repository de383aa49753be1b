import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { ActivityCheckController } from './http/activity-check.controller';
import { ContactPersonController } from './http/contact-person.controller';
import { MobileConfirmationController } from './http/mobile-confirmation.controller';
import { PreferencesController, SelfServicePreferencesController } from './http/preferences.controller';
import { ResidentController } from './http/resident.controller';
import { SelfServiceController } from './http/self-service.controller';
import { SharedModule } from './shared.module';

/**
 * The residents' pages: start page, registration and its confirmation, privacy notice (ResidentController), the
 * yearly activity check (ActivityCheckController), self-service "Mina uppgifter" (SelfServiceController), the
 * contact person's households, hand-over and sign reports (ContactPersonController), and the message preferences
 * "Dina utskick" by link or from "Mina uppgifter" (PreferencesController, SelfServicePreferencesController), and
 * "Bekräfta ditt mobilnummer" from "Mina uppgifter" (MobileConfirmationController).
 */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [ResidentController, ActivityCheckController, SelfServiceController, SelfServicePreferencesController, PreferencesController, ContactPersonController, MobileConfirmationController],
})
export class ResidentModule {}
