import { Module } from '@nestjs/common';
import { loadMunicipalities } from '@trygg/municipalities';
import { collectionProvider, outboxRelayProvider } from '@trygg/service-kit';
import type { OutboxRelay } from '@trygg/messaging';
import type { mongo } from 'mongoose';
import { AREA_MESSAGE_STORE, AREA_MESSAGE_TARGETS, type AreaMessageStore, type AreaMessageTargets, ListAreaMessages, RequestAreaMessage } from './application/area-messages';
import { DECISION_AUDIT, type DecisionAudit } from './application/ports';
import { GROUP_DIRECTORY, type GroupDirectory } from './application/start-meeting-ports';
import { GROUP_PROJECTION_STORE, type GroupProjectionStore } from './application/project-groups';
import { AuditModule } from './audit.module';
import { AreaMessagesController } from './http/area-messages.controller';
import { AREA_MESSAGES_COLLECTION, MongoAreaMessageStore } from './infrastructure/mongo-area-messages';
import { MunicipalityPoliceAreas } from './infrastructure/police-areas';
import { StartMeetingsModule } from './start-meetings.module';

const AREA_MESSAGES = Symbol('area messages collection');
const AREA_MESSAGES_RELAY = Symbol('area messages outbox relay');

/**
 * The officer's area messages: requested over HTTP (RequestAreaMessage: targets checked against the police area —
 * areas from areas.yaml, groups from the groups StartMeetingsModule hears of), stored with
 * police.area-message-requested.v1 in its outbox, audited in the decisions' trail; notifications sends them.
 */
@Module({
  imports: [AuditModule, StartMeetingsModule],
  controllers: [AreaMessagesController],
  providers: [
    collectionProvider(AREA_MESSAGES, AREA_MESSAGES_COLLECTION),
    outboxRelayProvider(AREA_MESSAGES_RELAY, AREA_MESSAGES_COLLECTION),
    { provide: AREA_MESSAGE_STORE, inject: [AREA_MESSAGES, AREA_MESSAGES_RELAY], useFactory: (c: mongo.Collection, relay: OutboxRelay) => new MongoAreaMessageStore(c as never, relay) },
    { provide: AREA_MESSAGE_TARGETS, useFactory: () => new MunicipalityPoliceAreas(loadMunicipalities()) },
    {
      provide: RequestAreaMessage,
      inject: [AREA_MESSAGE_STORE, AREA_MESSAGE_TARGETS, GROUP_DIRECTORY, DECISION_AUDIT],
      useFactory: (store: AreaMessageStore, targets: AreaMessageTargets, groups: GroupDirectory, audit: DecisionAudit) => new RequestAreaMessage(store, targets, groups, audit),
    },
    {
      provide: ListAreaMessages,
      inject: [AREA_MESSAGE_STORE, AREA_MESSAGE_TARGETS, GROUP_PROJECTION_STORE],
      useFactory: (store: AreaMessageStore, targets: AreaMessageTargets, groups: GroupProjectionStore) => new ListAreaMessages(store, targets, groups),
    },
  ],
})
export class AreaMessagesModule {}
