import { type DynamicModule, Module } from '@nestjs/common';
import { OutboxRelay } from '@trygg/messaging';
import { loadMunicipalities } from '@trygg/municipalities';
import type { Logger } from '@trygg/observability';
import { createInfrastructure, InfrastructureLifecycleModule } from '@trygg/service-kit';
import { SubmitRegistration } from './application/submit-registration';
import type { EnrolmentConfig } from './config';
import { MongoRegistrationStore, REGISTRATIONS_COLLECTION } from './infrastructure/mongo-registration.store';
import { StaticMunicipalityDirectory } from './infrastructure/municipality-directory';
import { RegistrationsController } from './http/registrations.controller';

/** Grannsamverkan: areas, resident registrations, groups, contact-person nominations. */
@Module({})
export class EnrolmentModule {
  static forRoot(config: EnrolmentConfig, logger: Logger): DynamicModule {
    const municipalities = loadMunicipalities();
    const infra = createInfrastructure('enrolment', config, logger);
    const registrations = infra.mongo.connection.collection(REGISTRATIONS_COLLECTION) as never;
    const relay = new OutboxRelay(registrations, infra.kafka.publisher, logger);
    const store = new MongoRegistrationStore(registrations, relay);
    return {
      module: EnrolmentModule,
      imports: [
        InfrastructureLifecycleModule.forRoot(infra, {
          afterConnect: async () => {
            await store.ensureIndexes();
            relay.start();
          },
          beforeShutdown: async () => relay.stop(),
        }),
      ],
      controllers: [RegistrationsController],
      providers: [{ provide: SubmitRegistration, useValue: new SubmitRegistration(store, new StaticMunicipalityDirectory(municipalities)) }],
    };
  }
}
