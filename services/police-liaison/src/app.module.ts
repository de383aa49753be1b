import { type DynamicModule, Module } from '@nestjs/common';
import { loadMunicipalities } from '@trygg/municipalities';
import type { Logger } from '@trygg/observability';
import { createInfrastructure } from '@trygg/service-kit';
import { MongoDecisionAudit, stepWorkerRuntime } from '@trygg/step-worker';
import { DecideCase, OpenCase } from './application/cases';
import type { PoliceLiaisonConfig } from './config';
import { CASE_STORE, CasesController } from './http/cases.controller';
import { DevPoliceGuard, STAFF_DEV_GUARD } from './http/dev-police.guard';
import { AUDIT_ACTION, AUDIT_COLLECTION, CASES_COLLECTION, MongoCaseStore } from './infrastructure/mongo-cases';
import { MunicipalityPoliceAreas } from './infrastructure/police-areas';
import { eventHandlers } from './messaging/event-handlers';

/**
 * Kommunpolis: police-approval cases from onboarding (one per step request), kept per police area, decided by
 * the officer over HTTP, audited, answered with onboarding.step-completed.v1 and police.decision-recorded.v1.
 */
@Module({})
export class PoliceLiaisonModule {
  static forRoot(config: PoliceLiaisonConfig, logger: Logger): DynamicModule {
    const municipalities = loadMunicipalities();
    const infra = createInfrastructure('police-liaison', config, logger);
    const { store: cases, lifecycle } = stepWorkerRuntime(infra, {
      collection: CASES_COLLECTION,
      store: (collection, relay) => new MongoCaseStore(collection as never, relay),
      handlers: (store) => eventHandlers(new OpenCase(store, new MunicipalityPoliceAreas(municipalities), logger), store),
      consumerGroup: config.CONSUMER_GROUP,
    });
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: officer endpoints trust the x-dev-police-area header (development only)');
    return {
      module: PoliceLiaisonModule,
      imports: [lifecycle],
      controllers: [CasesController],
      providers: [
        { provide: STAFF_DEV_GUARD, useValue: config.STAFF_DEV_GUARD },
        DevPoliceGuard,
        { provide: CASE_STORE, useValue: cases },
        { provide: DecideCase, useValue: new DecideCase(cases, new MongoDecisionAudit(infra.mongo.connection.collection(AUDIT_COLLECTION) as never, AUDIT_ACTION)) },
      ],
    };
  }
}
