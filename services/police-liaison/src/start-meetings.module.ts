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
import { GROUPS_COLLECTION, MEETING_STEPS_COLLECTION, MEETINGS_COLLECTION, MongoContactPersonNames, MongoGroupDirectory, MongoMeetingStepStore, MongoMeetingStore } from './infrastructure/mongo-start-meetings';
import { GroupEventsController } from './messaging/group-events.controller';

const MEETINGS = Symbol('start meetings collection');
const MEETINGS_RELAY = Symbol('start meetings outbox relay');
const GROUPS = Symbol('groups collection');
const STEPS = Symbol('meeting steps collection');
const CASES = Symbol('cases collection (names)');
const STEPS_RELAY = Symbol('meeting steps outbox relay');

/**
 * Start meetings (uppstartsmöte): the groups heard of from enrolment's nominations (GroupEventsController), the
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
    { provide: GROUP_DIRECTORY, inject: [GROUPS], useFactory: (c: mongo.Collection) => new MongoGroupDirectory(c as never) },
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
  // The step requests of contact persons' start meetings arrive with the police cases' (CasesModule).
  // The groups also scope the officer's area messages (AreaMessagesModule).
  exports: [ReceiveMeetingStep, GROUP_DIRECTORY],
})
export class StartMeetingsModule {}
