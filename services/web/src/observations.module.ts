import { Module } from '@nestjs/common';
import { ApiClientsModule } from './api-clients.module';
import { OBSERVATIONS_API } from './application/observations-api';
import { WEB_CONFIG, type WebConfig } from './config';
import { ObservationController } from './http/observation.controller';
import { PoliceObservationsController } from './http/police-observations.controller';
import { HttpObservationsApi } from './infrastructure/http-observations-api';
import { SharedModule } from './shared.module';

/**
 * Observations: the resident's form under "Mina uppgifter" (ObservationController) and the officer's pages
 * (PoliceObservationsController), both over police-liaison (`OBSERVATIONS_API`).
 */
@Module({
  imports: [SharedModule, ApiClientsModule],
  controllers: [ObservationController, PoliceObservationsController],
  providers: [
    { provide: OBSERVATIONS_API, inject: [WEB_CONFIG], useFactory: (config: WebConfig) => new HttpObservationsApi(config.POLICE_LIAISON_URL, config.INTERNAL_SECRET_WEB_OBSERVATIONS) },
  ],
  exports: [OBSERVATIONS_API],
})
export class ObservationsModule {}
