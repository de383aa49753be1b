import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { EventConsumer, InboxStore, OutboxRelay } from '@trygg/messaging';
import { defaultMunicipalitiesDir } from '@trygg/municipalities';
import type { Logger } from '@trygg/observability';
import { createInfrastructure, InfrastructureLifecycleModule } from '@trygg/service-kit';
import { ApplyStepAnswer, ProvideInfo } from './application/apply-answer';
import { CheckTimers } from './application/check-timers';
import { MigrateInstance } from './application/migrate';
import { OnboardingQueries } from './application/queries';
import { StartOnboarding } from './application/start-onboarding';
import { AnswerAutomaticStep, SubmitStaffAnswer } from './application/submit-answer';
import { EraseSubject, WithdrawInstance } from './application/withdraw';
import type { OnboardingConfig } from './config';
import { DEFINITIONS_COLLECTION, MongoDefinitionCatalogue } from './infrastructure/definition-catalogue';
import { readDefinitionFiles } from './infrastructure/definition-files';
import { AUDIT_COLLECTION, MongoAuditLog } from './infrastructure/mongo-audit-log';
import { INSTANCES_COLLECTION, MongoInstanceRepository } from './infrastructure/mongo-instances';
import { DevStaffGuard, STAFF_DEV_GUARD } from './http/dev-staff.guard';
import { InstancesController } from './http/instances.controller';
import { ProcessesController } from './http/processes.controller';
import { eventHandlers } from './messaging/event-handlers';

/** Runs each municipality's onboarding processes (versioned data) for members, contact persons and volunteers. */
@Module({})
export class OnboardingModule {
  static forRoot(config: OnboardingConfig, logger: Logger): DynamicModule {
    // Definitions are read and validated before anything connects: a municipality with an invalid file is refused.
    const files = readDefinitionFiles(defaultMunicipalitiesDir());
    const infra = createInfrastructure('onboarding', config, logger);
    const db = infra.mongo.connection;
    const catalogue = new MongoDefinitionCatalogue(db.collection(DEFINITIONS_COLLECTION) as never, files, logger);
    const instanceRelay = new OutboxRelay(db.collection(INSTANCES_COLLECTION) as never, infra.kafka.publisher, logger);
    const auditRelay = new OutboxRelay(db.collection(AUDIT_COLLECTION) as never, infra.kafka.publisher, logger);
    const instances = new MongoInstanceRepository(db.collection(INSTANCES_COLLECTION) as never, instanceRelay);
    const audit = new MongoAuditLog(db.collection(AUDIT_COLLECTION) as never, auditRelay);
    const inbox = new InboxStore(db.collection('inbox') as never);
    const applyAnswer = new ApplyStepAnswer(catalogue, instances, logger);
    const consumer = new EventConsumer({
      kafka: infra.kafka.kafka,
      groupId: config.CONSUMER_GROUP,
      handlers: eventHandlers(
        { start: new StartOnboarding(catalogue, instances, logger), applyAnswer, answerAutomatic: new AnswerAutomaticStep(catalogue, instances, audit), erase: new EraseSubject(instances, logger) },
        logger,
      ),
      inbox,
      publisher: infra.kafka.publisher,
      logger,
    });
    const timers = new CheckTimers(catalogue, instances, logger);
    let timer: NodeJS.Timeout | undefined;
    if (config.STAFF_DEV_GUARD === 'allow') logger.warn('STAFF_DEV_GUARD=allow: staff endpoints trust the x-dev-staff-municipality header (development only)');
    return {
      module: OnboardingModule,
      imports: [
        InfrastructureLifecycleModule.forRoot(infra, {
          readinessChecks: [consumer],
          afterConnect: async () => {
            await Promise.all([instances.ensureIndexes(), audit.ensureIndexes(), inbox.ensureIndexes()]);
            await catalogue.publish();
            instanceRelay.start();
            auditRelay.start();
            await consumer.start();
            timer = setInterval(() => {
              timers.runOnce().catch((error: Error) => logger.warn({ err: error.message }, 'timer check failed'));
            }, config.TIMER_INTERVAL_MS);
          },
          beforeShutdown: async () => {
            if (timer) clearInterval(timer);
            await consumer.stop();
            instanceRelay.stop();
            auditRelay.stop();
          },
        }),
      ],
      controllers: [InstancesController, ProcessesController],
      providers: [
        { provide: STAFF_DEV_GUARD, useValue: config.STAFF_DEV_GUARD },
        DevStaffGuard,
        { provide: MongoDefinitionCatalogue, useValue: catalogue },
        { provide: SubmitStaffAnswer, useValue: new SubmitStaffAnswer(catalogue, instances, audit, randomUUID) },
        { provide: ProvideInfo, useValue: new ProvideInfo(catalogue, instances, audit, randomUUID) },
        { provide: WithdrawInstance, useValue: new WithdrawInstance(catalogue, instances, audit, randomUUID) },
        { provide: OnboardingQueries, useValue: new OnboardingQueries(catalogue, instances) },
        { provide: MigrateInstance, useValue: new MigrateInstance(catalogue, instances, audit, randomUUID) },
      ],
    };
  }
}
