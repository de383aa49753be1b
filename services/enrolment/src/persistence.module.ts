import { Module } from '@nestjs/common';
import { defaultMunicipalitiesDir, loadMunicipalities } from '@trygg/municipalities';
import type { OutboxRelay } from '@trygg/messaging';
import { AUDIT_RECORDS, collectionProvider, outboxRelayProvider } from '@trygg/service-kit';
import type { mongo } from 'mongoose';
import { type Clock, systemClock } from '@trygg/values';
import { AUDIT_LOG, CLOCK, GROUPS, ID_GENERATOR, LINK_TOKENS, MUNICIPALITIES, REGISTRATIONS } from './application/ports';
import type { AuditRecord } from '@trygg/audit';
import type { StoredDocument } from './infrastructure/aggregate-store';
import { MongoAuditLog } from './infrastructure/mongo-audit-log';
import { GROUPS_COLLECTION, MongoGroups } from './infrastructure/mongo-groups';
import { MongoLinkTokens, type TokenDocument } from './infrastructure/mongo-link-tokens';
import { MongoRegistrations, REGISTRATIONS_COLLECTION } from './infrastructure/mongo-registrations';
import { StaticMunicipalityCatalogue } from './infrastructure/municipality-catalogue';
import { loadEnrolmentData } from './infrastructure/municipality-data';
import { randomId } from './infrastructure/randomness';

const REGISTRATIONS_COLLECTION_TOKEN = Symbol('registrations collection');
const REGISTRATIONS_RELAY = Symbol('registrations outbox relay');
const GROUPS_COLLECTION_TOKEN = Symbol('groups collection');
const GROUPS_RELAY = Symbol('groups outbox relay');
const LINK_TOKENS_COLLECTION = Symbol('link_tokens collection');
const AUDIT_COLLECTION = Symbol('audit collection');

/**
 * What every capability of enrolment shares: the registrations and groups (aggregates with their outbox relays),
 * the link tokens, the audit log, the municipalities' enrolment data (read once at start), the id generator and the clock.
 * Each store creates its indexes when the infrastructure is ready (`onInfrastructureReady`).
 */
@Module({
  providers: [
    collectionProvider(REGISTRATIONS_COLLECTION_TOKEN, REGISTRATIONS_COLLECTION),
    collectionProvider(GROUPS_COLLECTION_TOKEN, GROUPS_COLLECTION),
    collectionProvider(LINK_TOKENS_COLLECTION, 'link_tokens'),
    collectionProvider(AUDIT_COLLECTION, 'audit_trail'),
    outboxRelayProvider(REGISTRATIONS_RELAY, REGISTRATIONS_COLLECTION),
    outboxRelayProvider(GROUPS_RELAY, GROUPS_COLLECTION),
    {
      provide: REGISTRATIONS,
      inject: [REGISTRATIONS_COLLECTION_TOKEN, REGISTRATIONS_RELAY],
      useFactory: (collection: mongo.Collection<StoredDocument>, relay: OutboxRelay) => MongoRegistrations.create(collection, relay),
    },
    { provide: GROUPS, inject: [GROUPS_COLLECTION_TOKEN, GROUPS_RELAY], useFactory: (collection: mongo.Collection<StoredDocument>, relay: OutboxRelay) => new MongoGroups(collection, relay) },
    { provide: MongoLinkTokens, inject: [LINK_TOKENS_COLLECTION], useFactory: (collection: mongo.Collection<TokenDocument>) => new MongoLinkTokens(collection) },
    { provide: LINK_TOKENS, useExisting: MongoLinkTokens },
    { provide: AUDIT_LOG, inject: [AUDIT_COLLECTION, CLOCK], useFactory: (collection: mongo.Collection<AuditRecord>, clock: Clock) => new MongoAuditLog(collection, clock) },
    { provide: AUDIT_RECORDS, useExisting: AUDIT_LOG },
    {
      provide: MUNICIPALITIES,
      useFactory: () => {
        const dir = defaultMunicipalitiesDir();
        return new StaticMunicipalityCatalogue(loadEnrolmentData(dir, loadMunicipalities(dir)));
      },
    },
    { provide: ID_GENERATOR, useFactory: () => randomId },
    { provide: CLOCK, useFactory: (): Clock => systemClock },
  ],
  exports: [REGISTRATIONS, GROUPS, LINK_TOKENS, MongoLinkTokens, AUDIT_LOG, AUDIT_RECORDS, MUNICIPALITIES, ID_GENERATOR, CLOCK],
})
export class PersistenceModule {}
