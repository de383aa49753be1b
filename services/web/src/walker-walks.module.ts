import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { WALKER_WALKS_API } from './application/walker-walks-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { WalkerWalksController } from './http/walker-walks.controller';
import { HttpWalkerWalksApi } from './infrastructure/http-walker-walks-api';
import { SharedModule } from './shared.module';

/** The walker's walk page and after-walk report (WalkerWalksController) over volunteers' walker routes (`WALKER_WALKS_API`). */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [WalkerWalksController],
  providers: [{ provide: WALKER_WALKS_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpWalkerWalksApi(config.VOLUNTEERS_URL) }],
})
export class WalkerWalksModule {}
