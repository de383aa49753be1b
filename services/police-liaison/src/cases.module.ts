import { Module } from '@nestjs/common';
import { loadMunicipalities } from '@trygg/municipalities';
import { type Logger, LOGGER } from '@trygg/observability';
import { AUDIT_RECORDS, AuditRecordsController, type BeforeInfrastructureShutdown, collectionProvider, Housekeeping, type OnInfrastructureReady, outboxRelayProvider, SERVICE_CONFIG } from '@trygg/service-kit';
import { RECEIVE_STEP_REQUEST, STEP_WORK_STORE, STEP_WORKER_PERMANENT_ERRORS, StepWorkerEventsController } from '@trygg/step-worker';
import type { OutboxRelay } from '@trygg/messaging';
import type { mongo } from 'mongoose';
import { DecideCase } from './application/decide-case';
import { ListPendingCases } from './application/list-pending-cases';
import { RevokeCase } from './application/revoke-case';
import { ShowCase } from './application/show-case';
import { ShowPersonalData } from './application/show-personal-data';
import { NoPoliceArea, OpenCase, type StepRequest } from './application/open-case';
import { type ApprovalTargets, type CaseStore, DECISION_AUDIT, type DecisionAudit, type PoliceAreaDirectory } from './application/ports';
import { type MeetingStepRequest, ReceiveMeetingStep } from './application/receive-meeting-step';
import { RemindOverdueCases } from './application/remind-overdue-cases';
import { ShowOverview } from './application/show-overview';
import { AuditModule } from './audit.module';
import type { PoliceLiaisonConfig } from './config';
import { StartMeetingsModule } from './start-meetings.module';
import { ObservationsModule } from './observations.module';
import { ErasePerson } from './application/erase-person';
import { OBSERVATION_STORE, type ObservationStore } from './application/observations';
import { GROUP_PROJECTION_STORE, type GroupProjectionStore } from './application/project-groups';
import { CONTACT_PERSON_NAMES, type ContactPersonNames, MEETING_STEP_STORE, type MeetingStepStore, MEETING_STORE, type MeetingStore } from './application/start-meeting-ports';
import { CASE_STORE, CasesController } from './http/cases.controller';
import { PersonalDataController } from './http/personal-data.controller';
import { CASES_COLLECTION, MongoCaseStore } from './infrastructure/mongo-cases';
import { MunicipalityPoliceAreas } from './infrastructure/police-areas';

const CASES = Symbol('cases collection');
const CASES_RELAY = Symbol('cases outbox relay');
const POLICE_AREAS = Symbol('PoliceAreaDirectory');

/** The housekeeping timer (the overdue reminders), started once the service is connected and stopped at shutdown. */
export class PoliceLiaisonHousekeeping extends Housekeeping implements OnInfrastructureReady, BeforeInfrastructureShutdown {
  onInfrastructureReady(): void {
    this.start();
  }

  beforeInfrastructureShutdown(): void {
    this.stop();
  }
}

/**
 * Police-approval cases: opened from onboarding's step requests (StepWorkerEventsController), listed and decided by
 * the officer over HTTP (CasesController; an approved case can be revoked: a new decision, RevokeCase; one case is
 * shown whatever its status, ShowCase) — every decision and every view of the list or a case audited in the hash-chained
 * trail, which `GET /audit` shows (AuditRecordsController) — answered with step-completed and police.decision-recorded.
 * The person sees their own cases through the web's "Mina uppgifter" (PersonalDataController, internal, the web only).
 * The officer's queue shows each case's days waiting against its municipality's target and the area's overview
 * (ShowOverview); housekeeping (every HOUSEKEEPING_INTERVAL_MS) sends one police.approval-overdue.v1 per case past
 * its target (RemindOverdueCases).
 */
@Module({
  imports: [AuditModule, StartMeetingsModule, ObservationsModule],
  controllers: [CasesController, StepWorkerEventsController, AuditRecordsController, PersonalDataController],
  providers: [
    collectionProvider(CASES, CASES_COLLECTION),
    outboxRelayProvider(CASES_RELAY, CASES_COLLECTION),
    { provide: CASE_STORE, inject: [CASES, CASES_RELAY], useFactory: (cases: mongo.Collection, relay: OutboxRelay) => new MongoCaseStore(cases as never, relay) },
    {
      provide: ErasePerson,
      inject: [CASE_STORE, CONTACT_PERSON_NAMES, MEETING_STORE, MEETING_STEP_STORE, GROUP_PROJECTION_STORE, OBSERVATION_STORE, DECISION_AUDIT],
      useFactory: (cases: CaseStore, names: ContactPersonNames, meetings: MeetingStore, meetingSteps: MeetingStepStore, groups: GroupProjectionStore, observations: ObservationStore, audit: DecisionAudit) =>
        new ErasePerson({ cases, names, meetings, meetingSteps, groups, observations }, audit),
    },
    // Step-worker's event handlers: an erasure forgets the person in every collection here (ErasePerson), not only in the cases.
    {
      provide: STEP_WORK_STORE,
      inject: [CASE_STORE, ErasePerson],
      useFactory: (cases: CaseStore, erase: ErasePerson) => ({
        forgetPerson: async (municipalityId: string, personId: string) => (await erase.execute(municipalityId, personId)).cases,
        setProtectedIdentity: (municipalityId: string, personId: string, protectedIdentity: boolean) => cases.setProtectedIdentity(municipalityId, personId, protectedIdentity),
      }),
    },
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
    { provide: RevokeCase, inject: [CASE_STORE, DECISION_AUDIT], useFactory: (cases: CaseStore, audit: DecisionAudit) => new RevokeCase(cases, audit) },
    { provide: ShowCase, inject: [CASE_STORE, DECISION_AUDIT, POLICE_AREAS], useFactory: (cases: CaseStore, audit: DecisionAudit, targets: ApprovalTargets) => new ShowCase(cases, audit, targets) },
    { provide: ListPendingCases, inject: [CASE_STORE, DECISION_AUDIT, POLICE_AREAS], useFactory: (cases: CaseStore, audit: DecisionAudit, targets: ApprovalTargets) => new ListPendingCases(cases, audit, targets) },
    {
      provide: ShowOverview,
      inject: [CASE_STORE, POLICE_AREAS, GROUP_PROJECTION_STORE, OBSERVATION_STORE],
      useFactory: (cases: CaseStore, targets: ApprovalTargets, groups: GroupProjectionStore, observations: ObservationStore) => new ShowOverview(cases, targets, groups, observations),
    },
    { provide: RemindOverdueCases, inject: [CASE_STORE, POLICE_AREAS, DECISION_AUDIT], useFactory: (cases: CaseStore, targets: ApprovalTargets, audit: DecisionAudit) => new RemindOverdueCases(cases, targets, audit) },
    {
      provide: PoliceLiaisonHousekeeping,
      inject: [RemindOverdueCases, SERVICE_CONFIG, LOGGER],
      useFactory: (remind: RemindOverdueCases, config: PoliceLiaisonConfig, logger: Logger) =>
        new PoliceLiaisonHousekeeping({ 'approval-overdue-reminders': () => remind.runOnce() }, config.HOUSEKEEPING_INTERVAL_MS, logger),
    },
    { provide: ShowPersonalData, inject: [CASE_STORE], useFactory: (cases: CaseStore) => new ShowPersonalData(cases) },
    // GET /audit (libs/service-kit's AuditRecordsController) reads the same trail.
    { provide: AUDIT_RECORDS, useExisting: DECISION_AUDIT },
  ],
})
export class CasesModule {}
