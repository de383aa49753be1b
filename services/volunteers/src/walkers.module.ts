import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { AuditTrailLog } from '@trygg/audit';
import { OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import { loadMunicipalities } from '@trygg/municipalities';
import { AUDIT_RECORDS, AuditRecordsController, collectionProvider, outboxRelayProvider } from '@trygg/service-kit';
import { mobileCountryAllowed } from '@trygg/values';
import { ApplyOnboardingOutcome } from './application/apply-onboarding-outcome';
import { EraseVolunteer } from './application/erase-volunteer';
import { ERASURE_AUDIT, type ErasureAudit, KNOWN_MUNICIPALITIES, type KnownMunicipalities, VOLUNTEER_STORE, type VolunteerStore } from './application/ports';
import { SignUp } from './application/sign-up';
import type { Volunteer } from './domain/volunteer';
import { VolunteersController } from './http/volunteers.controller';
import { AUDIT_COLLECTION } from './infrastructure/mongo-audit';
import { MongoVolunteerStore, VOLUNTEERS_COLLECTION } from './infrastructure/mongo-volunteers';
import { OnboardingEventsController } from './messaging/onboarding-events.controller';

const VOLUNTEERS = Symbol('volunteers collection');
const VOLUNTEERS_RELAY = Symbol('volunteers outbox relay');
const AUDIT = Symbol('audit collection');

/**
 * The walker register: sign-up (VolunteersController; the events for onboarding and notifications leave through
 * the walker document's outbox), the walker's status when onboarding ends (OnboardingEventsController), and erasure
 * by a signed-in coordinator of the walker's municipality (VolunteersController), audited in the `audit` trail, which
 * `GET /audit` shows to an admin or the municipality's data-protection officer (AuditRecordsController).
 */
@Module({
  controllers: [VolunteersController, OnboardingEventsController, AuditRecordsController],
  providers: [
    collectionProvider(VOLUNTEERS, VOLUNTEERS_COLLECTION),
    outboxRelayProvider(VOLUNTEERS_RELAY, VOLUNTEERS_COLLECTION),
    collectionProvider(AUDIT, AUDIT_COLLECTION),
    { provide: ERASURE_AUDIT, inject: [AUDIT], useFactory: (audit: mongo.Collection) => new AuditTrailLog(audit as never) },
    { provide: AUDIT_RECORDS, useExisting: ERASURE_AUDIT },
    {
      provide: VOLUNTEER_STORE,
      inject: [VOLUNTEERS, VOLUNTEERS_RELAY],
      useFactory: (volunteers: mongo.Collection, relay: OutboxRelay) => new MongoVolunteerStore(new OutboxAggregateCollection<Volunteer>(volunteers as never, relay)),
    },
    {
      provide: KNOWN_MUNICIPALITIES,
      useFactory: (): KnownMunicipalities => {
        const municipalities = loadMunicipalities();
        return {
          exists: (id) => municipalities.has(id),
          mobileAllowed: (id, e164) => mobileCountryAllowed(e164, municipalities.get(id)?.sms.countries ?? ['SE']),
        };
      },
    },
    { provide: SignUp, inject: [VOLUNTEER_STORE, KNOWN_MUNICIPALITIES], useFactory: (store: VolunteerStore, known: KnownMunicipalities) => new SignUp(store, known) },
    { provide: ApplyOnboardingOutcome, inject: [VOLUNTEER_STORE], useFactory: (store: VolunteerStore) => new ApplyOnboardingOutcome(store) },
    { provide: EraseVolunteer, inject: [VOLUNTEER_STORE, ERASURE_AUDIT], useFactory: (store: VolunteerStore, audit: ErasureAudit) => new EraseVolunteer(store, audit) },
  ],
})
export class WalkersModule {}
