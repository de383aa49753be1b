import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import type { OutboxRelay } from '@trygg/messaging';
import { type Logger, LOGGER } from '@trygg/observability';
import { collectionProvider, outboxRelayProvider, SERVICE_CONFIG } from '@trygg/service-kit';
import { AnswerAutomaticStep } from './application/answer-automatic-step';
import { ApplyStepAnswer } from './application/apply-step-answer';
import { CheckTimers } from './application/check-timers';
import { ChangeProtectedIdentity } from './application/change-protected-identity';
import { EraseSubject } from './application/erase-subject';
import { FindInstanceBySubject } from './application/find-instance-by-subject';
import { GetProcessStats } from './application/get-process-stats';
import { GetTimeline } from './application/get-timeline';
import { MigrateInstance } from './application/migrate-instance';
import { AUDIT_LOG, type AuditLog, DEFINITION_CATALOGUE, type DefinitionCatalogue, INSTANCE_REPOSITORY, type InstanceRepository, NEW_ID, type NewId } from './application/ports';
import { ProvideInfo } from './application/provide-info';
import { ShowPersonalData } from './application/show-personal-data';
import { StartOnboarding } from './application/start-onboarding';
import { SubmitStaffAnswer } from './application/submit-staff-answer';
import { WithdrawInstance } from './application/withdraw-instance';
import type { OnboardingConfig } from './config';
import { ProcessDefinitionsModule } from './definitions.module';
import { AUDIT_COLLECTION, DECISIONS_COLLECTION, MongoAuditLog } from './infrastructure/mongo-audit-log';
import { INSTANCES_COLLECTION, MongoInstanceRepository } from './infrastructure/mongo-instances';
import { TimerHousekeeping } from './infrastructure/timer-housekeeping';
import { OnboardingEventsController } from './messaging/onboarding-events.controller';

const INSTANCES = Symbol('instances collection');
const INSTANCES_RELAY = Symbol('instances outbox relay');
const DECISIONS = Symbol('decisions collection');
const DECISIONS_RELAY = Symbol('decisions outbox relay');
const AUDIT = Symbol('audit collection');

const C = DEFINITION_CATALOGUE;
const I = INSTANCE_REPOSITORY;
const A = AUDIT_LOG;

/** The staff use cases over instances, and the person's own data ("Mina uppgifter"), for the HTTP module. */
const STAFF_USE_CASES = [SubmitStaffAnswer, ProvideInfo, WithdrawInstance, MigrateInstance, GetTimeline, FindInstanceBySubject, GetProcessStats, ShowPersonalData, AUDIT_LOG];

/**
 * Onboarding instances: started from the start facts and answered from step-completed events
 * (OnboardingEventsController), answered, withdrawn, migrated and read by staff (the use cases exported to the staff
 * HTTP module), erased with the person, and moved on by the periodic timer check (TimerHousekeeping). The instance
 * and decision documents carry their events (outbox relays); every decision is also in the hash-chained audit trail.
 */
@Module({
  imports: [ProcessDefinitionsModule],
  controllers: [OnboardingEventsController],
  providers: [
    collectionProvider(INSTANCES, INSTANCES_COLLECTION),
    collectionProvider(DECISIONS, DECISIONS_COLLECTION),
    collectionProvider(AUDIT, AUDIT_COLLECTION),
    outboxRelayProvider(INSTANCES_RELAY, INSTANCES_COLLECTION),
    outboxRelayProvider(DECISIONS_RELAY, DECISIONS_COLLECTION),
    { provide: INSTANCE_REPOSITORY, inject: [INSTANCES, INSTANCES_RELAY], useFactory: (instances: mongo.Collection, relay: OutboxRelay) => new MongoInstanceRepository(instances as never, relay) },
    {
      provide: AUDIT_LOG,
      inject: [DECISIONS, DECISIONS_RELAY, AUDIT],
      useFactory: (decisions: mongo.Collection, relay: OutboxRelay, audit: mongo.Collection) => new MongoAuditLog(decisions as never, relay, audit as never),
    },
    { provide: NEW_ID, useFactory: (): NewId => randomUUID },
    // From events
    { provide: StartOnboarding, inject: [C, I, LOGGER], useFactory: (c: DefinitionCatalogue, i: InstanceRepository, logger: Logger) => new StartOnboarding(c, i, logger) },
    { provide: ApplyStepAnswer, inject: [C, I, A, LOGGER], useFactory: (c: DefinitionCatalogue, i: InstanceRepository, a: AuditLog, logger: Logger) => new ApplyStepAnswer(c, i, a, logger) },
    { provide: AnswerAutomaticStep, inject: [C, I, A], useFactory: (c: DefinitionCatalogue, i: InstanceRepository, a: AuditLog) => new AnswerAutomaticStep(c, i, a) },
    { provide: EraseSubject, inject: [I, LOGGER], useFactory: (i: InstanceRepository, logger: Logger) => new EraseSubject(i, logger) },
    { provide: ChangeProtectedIdentity, inject: [I, LOGGER], useFactory: (i: InstanceRepository, logger: Logger) => new ChangeProtectedIdentity(i, logger) },
    // From staff
    { provide: SubmitStaffAnswer, inject: [C, I, A, NEW_ID], useFactory: (c: DefinitionCatalogue, i: InstanceRepository, a: AuditLog, newId: NewId) => new SubmitStaffAnswer(c, i, a, newId) },
    { provide: ProvideInfo, inject: [C, I, A, NEW_ID], useFactory: (c: DefinitionCatalogue, i: InstanceRepository, a: AuditLog, newId: NewId) => new ProvideInfo(c, i, a, newId) },
    { provide: WithdrawInstance, inject: [C, I, A, NEW_ID], useFactory: (c: DefinitionCatalogue, i: InstanceRepository, a: AuditLog, newId: NewId) => new WithdrawInstance(c, i, a, newId) },
    { provide: MigrateInstance, inject: [C, I, A, NEW_ID], useFactory: (c: DefinitionCatalogue, i: InstanceRepository, a: AuditLog, newId: NewId) => new MigrateInstance(c, i, a, newId) },
    { provide: GetTimeline, inject: [I, A], useFactory: (i: InstanceRepository, a: AuditLog) => new GetTimeline(i, a) },
    { provide: FindInstanceBySubject, inject: [I, A], useFactory: (i: InstanceRepository, a: AuditLog) => new FindInstanceBySubject(i, a) },
    { provide: ShowPersonalData, inject: [I], useFactory: (i: InstanceRepository) => new ShowPersonalData(i) },
    { provide: GetProcessStats, inject: [C, I], useFactory: (c: DefinitionCatalogue, i: InstanceRepository) => new GetProcessStats(c, i) },
    // From the clock
    { provide: CheckTimers, inject: [C, I, LOGGER], useFactory: (c: DefinitionCatalogue, i: InstanceRepository, logger: Logger) => new CheckTimers(c, i, logger) },
    {
      provide: TimerHousekeeping,
      inject: [CheckTimers, SERVICE_CONFIG, LOGGER],
      useFactory: (timers: CheckTimers, config: OnboardingConfig, logger: Logger) => new TimerHousekeeping(timers, config.TIMER_INTERVAL_MS, logger),
    },
  ],
  exports: STAFF_USE_CASES,
})
export class InstancesModule {}
