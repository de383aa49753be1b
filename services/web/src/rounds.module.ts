import { Module } from '@nestjs/common';
import { ROUND_FOLLOW_UP_API } from './application/round-follow-up-api';
import { ROUNDS_API } from './application/rounds-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { RoundFollowUpController } from './http/round-follow-up.controller';
import { RoundsController } from './http/rounds.controller';
import { HttpRoundFollowUpApi } from './infrastructure/http-round-follow-up-api';
import { HttpRoundsApi } from './infrastructure/http-rounds-api';
import { SharedModule } from './shared.module';

/**
 * Safety rounds (trygghetsronder): the public protocol of a held round and the coordinator's round pages
 * (RoundsController), views of volunteers' safety-round API (`ROUNDS_API`, over HTTP; tests replace it).
 */
@Module({
  imports: [SharedModule],
  controllers: [RoundFollowUpController, RoundsController],
  providers: [
    { provide: ROUNDS_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpRoundsApi(config.VOLUNTEERS_URL) },
    { provide: ROUND_FOLLOW_UP_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpRoundFollowUpApi(config.VOLUNTEERS_URL) },
  ],
})
export class RoundsModule {}
