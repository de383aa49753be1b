import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { ActivityCheckController } from './http/activity-check.controller';
import { ContactPersonController } from './http/contact-person.controller';
import { PreferencesController, SelfServicePreferencesController } from './http/preferences.controller';
import { ResidentController } from './http/resident.controller';
import { SelfServiceController } from './http/self-service.controller';
import { WalkerController } from './http/walker.controller';
import { SharedModule } from './shared.module';

/**
 * The residents' pages: start page, registration and its confirmation, privacy notice (ResidentController), the
 * yearly activity check (ActivityCheckController), self-service "Mina uppgifter" (SelfServiceController), the
 * contact person's households, hand-over and sign reports (ContactPersonController), and the message preferences
 * "Dina utskick" by link or from "Mina uppgifter" (PreferencesController, SelfServicePreferencesController), and the walker
 * (trygghetsvandrare) sign-up with its emailed confirmation (WalkerController, a view of volunteers' API).
 */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [ResidentController, ActivityCheckController, SelfServiceController, SelfServicePreferencesController, PreferencesController, ContactPersonController, WalkerController],
})
export class ResidentModule {}
