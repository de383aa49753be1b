import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { AREA_MESSAGES_API } from './application/area-messages-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { AreaMessagesController } from './http/area-messages.controller';
import { HttpAreaMessagesApi } from './infrastructure/http-area-messages-api';
import { SharedModule } from './shared.module';

/** The coordinator's area information (AreaMessagesController) over notifications' broadcast routes (`AREA_MESSAGES_API`). */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [AreaMessagesController],
  providers: [{ provide: AREA_MESSAGES_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpAreaMessagesApi(config.NOTIFICATIONS_URL) }],
})
export class AreaMessagesModule {}
