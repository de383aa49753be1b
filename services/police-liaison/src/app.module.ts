import { type DynamicModule, Module } from '@nestjs/common';
import { EventConsumer, InboxStore, OutboxRelay } from '@trygg/messaging';
import { loadMunicipalities } from '@trygg/municipalities';
import type { Logger } from '@trygg/observability';
import { createInfrastructure, InfrastructureLifecycleModule } from '@trygg/service-kit';
import { MongoDecisionAudit } from '@trygg/step-worker';
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
    const db = infra.mongo.connection;
    const relay = new OutboxRelay(db.collection(CASES_COLLECTION) as never, infra.kafka.publisher, logger);
    const cases = new MongoCaseStore(db.collection(CASES_COLLECTION) as never, relay);
    const inbox = new InboxStore(db.collection('inbox') as never);
    const consumer = new EventConsumer({
      kafka: infra.kafka.kafka,
      groupId: config.CONSUMER_GROUP,
      handlers: eventHandlers(new OpenCase(cases, new MunicipalityPoliceAreas(municipalities), logger), cases),
      inbox,
      publisher: infra.kafka.publisher,
      logger,
    });
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: officer endpoints trust the x-dev-police-area header (development only)');
    return {
      module: PoliceLiaisonModule,
      imports: [
        InfrastructureLifecycleModule.forRoot(infra, {
          readinessChecks: [consumer],
          afterConnect: async () => {
            await Promise.all([cases.ensureIndexes(), inbox.ensureIndexes()]);
            relay.start();
            await consumer.start();
          },
          beforeShutdown: async () => {
            await consumer.stop();
            relay.stop();
          },
        }),
      ],
      controllers: [CasesController],
      providers: [
        { provide: STAFF_DEV_GUARD, useValue: config.STAFF_DEV_GUARD },
        DevPoliceGuard,
        { provide: CASE_STORE, useValue: cases },
        { provide: DecideCase, useValue: new DecideCase(cases, new MongoDecisionAudit(db.collection(AUDIT_COLLECTION) as never, AUDIT_ACTION)) },
      ],
    };
  }
}
