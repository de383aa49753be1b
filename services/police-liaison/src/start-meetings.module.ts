import { Module } from '@nestjs/common';
import { collectionProvider, outboxRelayProvider, SERVICE_CONFIG } from '@trygg/service-kit';
import type { OutboxRelay } from '@trygg/messaging';
import type { mongo } from 'mongoose';
import { CasesModule } from './cases.module';
import { ManageStartMeetings } from './application/manage-start-meetings';
import { DECISION_AUDIT, type DecisionAudit } from './application/ports';
import { GROUP_DIRECTORY, type GroupDirectory, MEETING_STORE, type MeetingStore } from './application/start-meeting-ports';
import { StartMeetingRsvp } from './application/start-meeting-rsvp';
import type { PoliceLiaisonConfig } from './config';
import { StartMeetingsController } from './http/start-meetings.controller';
import { GROUPS_COLLECTION, MEETINGS_COLLECTION, MongoGroupDirectory, MongoMeetingStore } from './infrastructure/mongo-start-meetings';
import { GroupEventsController } from './messaging/group-events.controller';

const MEETINGS = Symbol('start meetings collection');
const MEETINGS_RELAY = Symbol('start meetings outbox relay');
const GROUPS = Symbol('groups collection');

/**
 * Start meetings (uppstartsmöte): the groups heard of from enrolment's nominations (GroupEventsController), the
 * meetings with their outbox, the officer's and coordinator's routes and the members' RSVP links
 * (StartMeetingsController). Decisions go to the same audit trail as the police decisions (DECISION_AUDIT).
 */
@Module({
  imports: [CasesModule],
  controllers: [StartMeetingsController, GroupEventsController],
  providers: [
    collectionProvider(MEETINGS, MEETINGS_COLLECTION),
    collectionProvider(GROUPS, GROUPS_COLLECTION),
    outboxRelayProvider(MEETINGS_RELAY, MEETINGS_COLLECTION),
    { provide: MEETING_STORE, inject: [MEETINGS, MEETINGS_RELAY], useFactory: (c: mongo.Collection, relay: OutboxRelay) => new MongoMeetingStore(c as never, relay) },
    { provide: GROUP_DIRECTORY, inject: [GROUPS], useFactory: (c: mongo.Collection) => new MongoGroupDirectory(c as never) },
    {
      provide: ManageStartMeetings,
      inject: [GROUP_DIRECTORY, MEETING_STORE, DECISION_AUDIT],
      useFactory: (groups: GroupDirectory, meetings: MeetingStore, audit: DecisionAudit) => new ManageStartMeetings(groups, meetings, audit),
    },
    {
      provide: StartMeetingRsvp,
      inject: [MEETING_STORE, DECISION_AUDIT, SERVICE_CONFIG],
      useFactory: (meetings: MeetingStore, audit: DecisionAudit, config: PoliceLiaisonConfig) => new StartMeetingRsvp(meetings, audit, config.WEB_PUBLIC_URL),
    },
  ],
})
export class StartMeetingsModule {}
