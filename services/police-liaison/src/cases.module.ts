import { Module } from '@nestjs/common';
import { loadMunicipalities } from '@trygg/municipalities';
import { type Logger, LOGGER } from '@trygg/observability';
import { AUDIT_RECORDS, AuditRecordsController, collectionProvider, outboxRelayProvider } from '@trygg/service-kit';
import { RECEIVE_STEP_REQUEST, STEP_WORK_STORE, STEP_WORKER_PERMANENT_ERRORS, StepWorkerEventsController } from '@trygg/step-worker';
import type { OutboxRelay } from '@trygg/messaging';
import type { mongo } from 'mongoose';
import { DecideCase } from './application/decide-case';
import { ListPendingCases } from './application/list-pending-cases';
import { ShowPersonalData } from './application/show-personal-data';
import { NoPoliceArea, OpenCase, type StepRequest } from './application/open-case';
import { type MeetingStepRequest, ReceiveMeetingStep } from './application/receive-meeting-step';
import { AuditModule } from './audit.module';
import { StartMeetingsModule } from './start-meetings.module';
import { type CaseStore, DECISION_AUDIT, type DecisionAudit, type PoliceAreaDirectory } from './application/ports';
import { CASE_STORE, CasesController } from './http/cases.controller';
import { PersonalDataController } from './http/personal-data.controller';
import { CASES_COLLECTION, MongoCaseStore } from './infrastructure/mongo-cases';
import { MunicipalityPoliceAreas } from './infrastructure/police-areas';

const CASES = Symbol('cases collection');
const CASES_RELAY = Symbol('cases outbox relay');
const POLICE_AREAS = Symbol('PoliceAreaDirectory');

/**
 * Police-approval cases: opened from onboarding's step requests (StepWorkerEventsController), listed and decided by
 * the officer over HTTP (CasesController) — every decision and every view of the list audited in the hash-chained
 * trail, which `GET /audit` shows (AuditRecordsController) — answered with step-completed and police.decision-recorded.
 * The person sees their own cases through the web's "Mina uppgifter" (PersonalDataController, internal, the web only).
 */
@Module({
  imports: [AuditModule, StartMeetingsModule],
  controllers: [CasesController, StepWorkerEventsController, AuditRecordsController, PersonalDataController],
  providers: [
    collectionProvider(CASES, CASES_COLLECTION),
    outboxRelayProvider(CASES_RELAY, CASES_COLLECTION),
    { provide: CASE_STORE, inject: [CASES, CASES_RELAY], useFactory: (cases: mongo.Collection, relay: OutboxRelay) => new MongoCaseStore(cases as never, relay) },
    { provide: STEP_WORK_STORE, useExisting: CASE_STORE },
    { provide: POLICE_AREAS, useFactory: () => new MunicipalityPoliceAreas(loadMunicipalities()) },
    { provide: OpenCase, inject: [CASE_STORE, POLICE_AREAS, LOGGER], useFactory: (cases: CaseStore, areas: PoliceAreaDirectory, logger: Logger) => new OpenCase(cases, areas, logger) },
    // Each step request: a police-approval case (OpenCase), or a contact person's start-meeting step (ReceiveMeetingStep).
    {
      provide: RECEIVE_STEP_REQUEST,
      inject: [OpenCase, ReceiveMeetingStep],
      useFactory: (openCase: OpenCase, meetingStep: ReceiveMeetingStep) => ({
        execute: async (request: MeetingStepRequest & StepRequest) => {
          const opened = await openCase.execute(request);
          await meetingStep.execute(request);
          return opened;
        },
      }),
    },
    { provide: STEP_WORKER_PERMANENT_ERRORS, useValue: [NoPoliceArea] },
    { provide: DecideCase, inject: [CASE_STORE, DECISION_AUDIT], useFactory: (cases: CaseStore, audit: DecisionAudit) => new DecideCase(cases, audit) },
    { provide: ListPendingCases, inject: [CASE_STORE, DECISION_AUDIT], useFactory: (cases: CaseStore, audit: DecisionAudit) => new ListPendingCases(cases, audit) },
    { provide: ShowPersonalData, inject: [CASE_STORE], useFactory: (cases: CaseStore) => new ShowPersonalData(cases) },
    // GET /audit (libs/service-kit's AuditRecordsController) reads the same trail.
    { provide: AUDIT_RECORDS, useExisting: DECISION_AUDIT },
  ],
})
export class CasesModule {}
