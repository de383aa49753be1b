import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { AREA_MESSAGES_API } from './application/area-messages-api';
import { POLICE_AREA_MESSAGES_API } from './application/police-area-messages-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { AreaMessagesController } from './http/area-messages.controller';
import { PoliceAreaMessagesController } from './http/police-area-messages.controller';
import { HttpAreaMessagesApi } from './infrastructure/http-area-messages-api';
import { HttpPoliceAreaMessagesApi } from './infrastructure/http-police-area-messages-api';
import { SharedModule } from './shared.module';

/**
 * Area information: the coordinator's (AreaMessagesController) over notifications' broadcast routes
 * (`AREA_MESSAGES_API`), and the police officer's (PoliceAreaMessagesController), sent through police-liaison
 * (`POLICE_AREA_MESSAGES_API`) with the preview and the progress from notifications.
 */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [AreaMessagesController, PoliceAreaMessagesController],
  providers: [
    { provide: AREA_MESSAGES_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpAreaMessagesApi(config.NOTIFICATIONS_URL) },
    { provide: POLICE_AREA_MESSAGES_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpPoliceAreaMessagesApi(config.POLICE_LIAISON_URL) },
  ],
})
export class AreaMessagesModule {}
