import { Module } from '@nestjs/common';
import { loadMunicipalities } from '@trygg/municipalities';
import { collectionProvider, outboxRelayProvider } from '@trygg/service-kit';
import type { OutboxRelay } from '@trygg/messaging';
import { RateLimiter } from '@trygg/rate-limits';
import type { mongo } from 'mongoose';
import {
  AREA_POLICE_AREAS,
  type AreaPoliceAreas,
  HandleObservation,
  ListObservations,
  OBSERVATION_LIMIT,
  OBSERVATION_STORE,
  type ObservationLimit,
  type ObservationStore,
  ReportObservation,
} from './application/observations';
import { DECISION_AUDIT, type DecisionAudit } from './application/ports';
import { AuditModule } from './audit.module';
import { ObservationsController } from './http/observations.controller';
import { MongoObservationStore, OBSERVATIONS_COLLECTION } from './infrastructure/mongo-observations';
import { RedisObservationLimit } from './infrastructure/observation-limit';
import { MunicipalityPoliceAreas } from './infrastructure/police-areas';

const OBSERVATIONS = Symbol('observations collection');
const OBSERVATIONS_RELAY = Symbol('observations outbox relay');

/**
 * Observations from neighbourhood-watch groups: reported by the web for a self-service link's person
 * (ReportObservation, limited per person), listed, read and answered by the officer of the police area — each officer
 * action in the same audit trail as the decisions (AuditModule's DECISION_AUDIT).
 */
@Module({
  imports: [AuditModule],
  controllers: [ObservationsController],
  providers: [
    collectionProvider(OBSERVATIONS, OBSERVATIONS_COLLECTION),
    outboxRelayProvider(OBSERVATIONS_RELAY, OBSERVATIONS_COLLECTION),
    { provide: OBSERVATION_STORE, inject: [OBSERVATIONS, OBSERVATIONS_RELAY], useFactory: (c: mongo.Collection, relay: OutboxRelay) => new MongoObservationStore(c as never, relay) },
    { provide: AREA_POLICE_AREAS, useFactory: () => new MunicipalityPoliceAreas(loadMunicipalities()) },
    { provide: OBSERVATION_LIMIT, inject: [RateLimiter], useFactory: (limiter: RateLimiter) => new RedisObservationLimit(limiter) },
    {
      provide: ReportObservation,
      inject: [OBSERVATION_STORE, AREA_POLICE_AREAS, OBSERVATION_LIMIT],
      useFactory: (store: ObservationStore, areas: AreaPoliceAreas, limit: ObservationLimit) => new ReportObservation(store, areas, limit),
    },
    { provide: ListObservations, inject: [OBSERVATION_STORE, DECISION_AUDIT], useFactory: (store: ObservationStore, audit: DecisionAudit) => new ListObservations(store, audit) },
    { provide: HandleObservation, inject: [OBSERVATION_STORE, DECISION_AUDIT], useFactory: (store: ObservationStore, audit: DecisionAudit) => new HandleObservation(store, audit) },
  ],
  // The overview counts the open observations; the erasure forgets reporters (CasesModule).
  exports: [OBSERVATION_STORE],
})
export class ObservationsModule {}
