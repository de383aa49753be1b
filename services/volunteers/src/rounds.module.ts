import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { AuditTrailLog } from '@trygg/audit';
import { OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import { collectionProvider, outboxRelayProvider, SERVICE_CONFIG } from '@trygg/service-kit';
import { FINDING_PHOTOS, FINDING_STORE, type FindingPhotos, type FindingStore, ROUND_AUDIT, ROUND_LINK_SETTINGS, ROUND_LINKS, ROUND_STORE, type RoundAudit, type RoundLinks, type RoundLinkSettings, type RoundStore } from './application/round-ports';
import { RoundLinkActions } from './application/round-links';
import { ShowRoundProtocol } from './application/round-protocol';
import { SafetyRounds } from './application/safety-rounds';
import type { VolunteersConfig } from './config';
import type { Finding } from './domain/finding';
import { RoundsController } from './http/rounds.controller';
import { AUDIT_COLLECTION } from './infrastructure/mongo-audit';
import { FINDING_PHOTOS_COLLECTION, FINDINGS_COLLECTION, MongoFindingPhotos, MongoFindingStore, MongoRoundLinks, MongoRoundStore, ROUND_LINKS_COLLECTION, ROUNDS_COLLECTION } from './infrastructure/mongo-rounds';

const ROUNDS = Symbol('rounds collection');
const FINDINGS = Symbol('findings collection');
const FINDINGS_RELAY = Symbol('findings outbox relay');
const ROUNDS_RELAY = Symbol('rounds outbox relay');
const LINKS = Symbol('round links collection');
const AUDIT = Symbol('audit collection (rounds)');
const PHOTOS = Symbol('finding photos collection');

/**
 * Safety rounds (trygghetsronder) and their findings: the rounds and findings stores (the findings' events leave
 * through their documents' outbox), the participants' and owners' links (hashes only), the use cases and the
 * controller. Decisions go to the service's audit trail (`audit_trail`, the same chain as the walkers').
 */
@Module({
  controllers: [RoundsController],
  exports: [ROUND_STORE, FINDING_STORE, MongoFindingStore, ROUND_AUDIT],
  providers: [
    collectionProvider(ROUNDS, ROUNDS_COLLECTION),
    collectionProvider(FINDINGS, FINDINGS_COLLECTION),
    outboxRelayProvider(FINDINGS_RELAY, FINDINGS_COLLECTION),
    outboxRelayProvider(ROUNDS_RELAY, ROUNDS_COLLECTION),
    collectionProvider(LINKS, ROUND_LINKS_COLLECTION),
    collectionProvider(AUDIT, AUDIT_COLLECTION),
    collectionProvider(PHOTOS, FINDING_PHOTOS_COLLECTION),
    { provide: FINDING_PHOTOS, inject: [PHOTOS], useFactory: (photos: mongo.Collection) => new MongoFindingPhotos(photos as never) },
    { provide: ROUND_AUDIT, inject: [AUDIT], useFactory: (audit: mongo.Collection) => new AuditTrailLog(audit as never) },
    // Classes as well as tokens, so ServiceLifecycle finds their onInfrastructureReady (the indexes).
    { provide: MongoRoundStore, inject: [ROUNDS, ROUNDS_RELAY], useFactory: (rounds: mongo.Collection, relay: OutboxRelay) => new MongoRoundStore(rounds as never, relay) },
    { provide: ROUND_STORE, useExisting: MongoRoundStore },
    {
      provide: MongoFindingStore,
      inject: [FINDINGS, FINDINGS_RELAY],
      useFactory: (findings: mongo.Collection, relay: OutboxRelay) => new MongoFindingStore(new OutboxAggregateCollection<Finding>(findings as never, relay), findings as never),
    },
    { provide: FINDING_STORE, useExisting: MongoFindingStore },
    { provide: ROUND_LINKS, inject: [LINKS], useFactory: (links: mongo.Collection) => new MongoRoundLinks(links as never) },
    {
      provide: ROUND_LINK_SETTINGS,
      inject: [SERVICE_CONFIG],
      useFactory: (config: VolunteersConfig): RoundLinkSettings => ({ webPublicUrl: config.WEB_PUBLIC_URL, secret: () => randomBytes(32).toString('base64url') }),
    },
    {
      provide: SafetyRounds,
      inject: [ROUND_STORE, FINDING_STORE, ROUND_LINKS, ROUND_LINK_SETTINGS, ROUND_AUDIT, FINDING_PHOTOS],
      useFactory: (rounds: RoundStore, findings: FindingStore, links: RoundLinks, settings: RoundLinkSettings, audit: RoundAudit, photos: FindingPhotos) =>
        new SafetyRounds(rounds, findings, links, settings, audit, photos),
    },
    {
      provide: RoundLinkActions,
      inject: [ROUND_STORE, FINDING_STORE, ROUND_LINKS, ROUND_AUDIT, FINDING_PHOTOS],
      useFactory: (rounds: RoundStore, findings: FindingStore, links: RoundLinks, audit: RoundAudit, photos: FindingPhotos) => new RoundLinkActions(rounds, findings, links, audit, photos),
    },
    { provide: ShowRoundProtocol, inject: [ROUND_STORE, FINDING_STORE], useFactory: (rounds: RoundStore, findings: FindingStore) => new ShowRoundProtocol(rounds, findings) },
  ],
})
export class RoundsModule {}
