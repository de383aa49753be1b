import { Module } from '@nestjs/common';
import { collectionProvider, outboxRelayProvider, SERVICE_CONFIG } from '@trygg/service-kit';
import type { OutboxRelay } from '@trygg/messaging';
import type { mongo } from 'mongoose';
import { AuditModule } from './audit.module';
import { ManageStartMeetings } from './application/manage-start-meetings';
import { DECISION_AUDIT, type DecisionAudit } from './application/ports';
import { ReceiveMeetingStep } from './application/receive-meeting-step';
import { CONTACT_PERSON_NAMES, GROUP_DIRECTORY, type GroupDirectory, MEETING_STEP_STORE, type MeetingStepStore, MEETING_STORE, type MeetingStore } from './application/start-meeting-ports';
import { StartMeetingRsvp } from './application/start-meeting-rsvp';
import type { PoliceLiaisonConfig } from './config';
import { StartMeetingsController } from './http/start-meetings.controller';
import { CASES_COLLECTION } from './infrastructure/mongo-cases';
import { GROUPS_COLLECTION, MEETING_STEPS_COLLECTION, MEETINGS_COLLECTION, MongoContactPersonNames, MongoMeetingStepStore, MongoMeetingStore } from './infrastructure/mongo-start-meetings';
import { MongoGroupProjection, PARKED_GROUP_FACTS_COLLECTION } from './infrastructure/mongo-group-projection';
import { GROUP_PROJECTION_STORE, type GroupProjectionStore, ProjectGroups } from './application/project-groups';
import { loadMunicipalities } from '@trygg/municipalities';
import { MunicipalityPoliceAreas } from './infrastructure/police-areas';
import { GroupEventsController } from './messaging/group-events.controller';

const MEETINGS = Symbol('start meetings collection');
const MEETINGS_RELAY = Symbol('start meetings outbox relay');
const GROUPS = Symbol('groups collection');
const STEPS = Symbol('meeting steps collection');
const CASES = Symbol('cases collection (names)');
const STEPS_RELAY = Symbol('meeting steps outbox relay');
const PARKED = Symbol('parked group facts collection');

/**
 * Start meetings (uppstartsmöte): the groups projected from enrolment's and onboarding's events (GroupEventsController), the
 * meetings with their outbox, the officer's and coordinator's routes and the members' RSVP links
 * (StartMeetingsController). Decisions go to the same audit trail as the police decisions (DECISION_AUDIT).
 */
@Module({
  imports: [AuditModule],
  controllers: [StartMeetingsController, GroupEventsController],
  providers: [
    collectionProvider(MEETINGS, MEETINGS_COLLECTION),
    collectionProvider(GROUPS, GROUPS_COLLECTION),
    outboxRelayProvider(MEETINGS_RELAY, MEETINGS_COLLECTION),
    collectionProvider(STEPS, MEETING_STEPS_COLLECTION),
    collectionProvider(CASES, CASES_COLLECTION),
    { provide: CONTACT_PERSON_NAMES, inject: [CASES], useFactory: (c: mongo.Collection) => new MongoContactPersonNames(c as never) },
    outboxRelayProvider(STEPS_RELAY, MEETING_STEPS_COLLECTION),
    { provide: MEETING_STEP_STORE, inject: [STEPS, STEPS_RELAY], useFactory: (c: mongo.Collection, relay: OutboxRelay) => new MongoMeetingStepStore(c as never, relay) },
    {
      provide: ReceiveMeetingStep,
      inject: [GROUP_DIRECTORY, MEETING_STORE, MEETING_STEP_STORE],
      useFactory: (groups: GroupDirectory, meetings: MeetingStore, steps: MeetingStepStore) => new ReceiveMeetingStep(groups, meetings, steps),
    },
    { provide: MEETING_STORE, inject: [MEETINGS, MEETINGS_RELAY], useFactory: (c: mongo.Collection, relay: OutboxRelay) => new MongoMeetingStore(c as never, relay) },
    collectionProvider(PARKED, PARKED_GROUP_FACTS_COLLECTION),
    // The groups projection (issue 14): the start meetings' directory of groups and the overview's figures.
    { provide: GROUP_PROJECTION_STORE, inject: [GROUPS, PARKED], useFactory: (c: mongo.Collection, parked: mongo.Collection) => new MongoGroupProjection(c as never, parked as never) },
    { provide: GROUP_DIRECTORY, useExisting: GROUP_PROJECTION_STORE },
    {
      provide: ProjectGroups,
      inject: [GROUP_PROJECTION_STORE],
      useFactory: (store: GroupProjectionStore) => new ProjectGroups(store, new MunicipalityPoliceAreas(loadMunicipalities())),
    },
    {
      provide: ManageStartMeetings,
      inject: [GROUP_DIRECTORY, MEETING_STORE, DECISION_AUDIT, MEETING_STEP_STORE],
      useFactory: (groups: GroupDirectory, meetings: MeetingStore, audit: DecisionAudit, steps: MeetingStepStore) => new ManageStartMeetings(groups, meetings, audit, steps),
    },
    {
      provide: StartMeetingRsvp,
      inject: [MEETING_STORE, DECISION_AUDIT, SERVICE_CONFIG],
      useFactory: (meetings: MeetingStore, audit: DecisionAudit, config: PoliceLiaisonConfig) => new StartMeetingRsvp(meetings, audit, config.WEB_PUBLIC_URL),
    },
  ],
  // The step requests of contact persons' start meetings arrive with the police cases' (CasesModule); the stores are
  // read by the overview and forgotten in by the erasure (CasesModule). The groups also scope the officer's area
  // messages (AreaMessagesModule).
  exports: [ReceiveMeetingStep, GROUP_DIRECTORY, GROUP_PROJECTION_STORE, MEETING_STORE, MEETING_STEP_STORE, CONTACT_PERSON_NAMES],
})
export class StartMeetingsModule {}
