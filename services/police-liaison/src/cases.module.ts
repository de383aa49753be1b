import { Module } from '@nestjs/common';
import { loadMunicipalities } from '@trygg/municipalities';
import { type Logger, LOGGER } from '@trygg/observability';
import { AUDIT_RECORDS, AuditRecordsController, collectionProvider, outboxRelayProvider } from '@trygg/service-kit';
import { MongoDecisionAudit, RECEIVE_STEP_REQUEST, STEP_WORK_STORE, STEP_WORKER_PERMANENT_ERRORS, StepWorkerEventsController } from '@trygg/step-worker';
import type { OutboxRelay } from '@trygg/messaging';
import type { mongo } from 'mongoose';
import { DecideCase } from './application/decide-case';
import { ListPendingCases } from './application/list-pending-cases';
import { ShowPersonalData } from './application/show-personal-data';
import { NoPoliceArea, OpenCase } from './application/open-case';
import { type CaseStore, DECISION_AUDIT, type DecisionAudit, type PoliceAreaDirectory } from './application/ports';
import { CASE_STORE, CasesController } from './http/cases.controller';
import { PersonalDataController } from './http/personal-data.controller';
import { AUDIT_COLLECTION, CASES_COLLECTION, MongoCaseStore } from './infrastructure/mongo-cases';
import { MunicipalityPoliceAreas } from './infrastructure/police-areas';

const CASES = Symbol('cases collection');
const CASES_RELAY = Symbol('cases outbox relay');
const AUDIT = Symbol('audit collection');
const POLICE_AREAS = Symbol('PoliceAreaDirectory');

/**
 * Police-approval cases: opened from onboarding's step requests (StepWorkerEventsController), listed and decided by
 * the officer over HTTP (CasesController) — every decision and every view of the list audited in the hash-chained
 * trail, which `GET /audit` shows (AuditRecordsController) — answered with step-completed and police.decision-recorded.
 * The person sees their own cases through the web's "Mina uppgifter" (PersonalDataController, internal, the web only).
 */
@Module({
  controllers: [CasesController, StepWorkerEventsController, AuditRecordsController, PersonalDataController],
  providers: [
    collectionProvider(CASES, CASES_COLLECTION),
    collectionProvider(AUDIT, AUDIT_COLLECTION),
    outboxRelayProvider(CASES_RELAY, CASES_COLLECTION),
    { provide: CASE_STORE, inject: [CASES, CASES_RELAY], useFactory: (cases: mongo.Collection, relay: OutboxRelay) => new MongoCaseStore(cases as never, relay) },
    { provide: STEP_WORK_STORE, useExisting: CASE_STORE },
    { provide: POLICE_AREAS, useFactory: () => new MunicipalityPoliceAreas(loadMunicipalities()) },
    { provide: OpenCase, inject: [CASE_STORE, POLICE_AREAS, LOGGER], useFactory: (cases: CaseStore, areas: PoliceAreaDirectory, logger: Logger) => new OpenCase(cases, areas, logger) },
    { provide: RECEIVE_STEP_REQUEST, useExisting: OpenCase },
    { provide: STEP_WORKER_PERMANENT_ERRORS, useValue: [NoPoliceArea] },
    // A provider of its own, so ServiceLifecycle creates the trail's indexes once connected.
    { provide: DECISION_AUDIT, inject: [AUDIT], useFactory: (audit: mongo.Collection) => new MongoDecisionAudit(audit as never) },
    { provide: DecideCase, inject: [CASE_STORE, DECISION_AUDIT], useFactory: (cases: CaseStore, audit: DecisionAudit) => new DecideCase(cases, audit) },
    { provide: ListPendingCases, inject: [CASE_STORE, DECISION_AUDIT], useFactory: (cases: CaseStore, audit: DecisionAudit) => new ListPendingCases(cases, audit) },
    { provide: ShowPersonalData, inject: [CASE_STORE], useFactory: (cases: CaseStore) => new ShowPersonalData(cases) },
    // GET /audit (libs/service-kit's AuditRecordsController) reads the same trail.
    { provide: AUDIT_RECORDS, useExisting: DECISION_AUDIT },
  ],
  // The start meetings write to the same trail.
  exports: [DECISION_AUDIT],
})
export class CasesModule {}
