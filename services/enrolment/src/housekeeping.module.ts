import { Module } from '@nestjs/common';
import { type Logger, LOGGER } from '@trygg/observability';
import { type BeforeInfrastructureShutdown, Housekeeping, type OnInfrastructureReady, SERVICE_CONFIG } from '@trygg/service-kit';
import { ActivityChecksModule } from './activity-checks.module';
import { AnonymiseDueRegistrations } from './application/anonymise-due-registrations';
import { PlaceRegistration } from './application/place-registration';
import type { AuditLog, Clock } from '@trygg/values';
import {
  CLOCK,
  AUDIT_LOG,
  type AuditEntry,
  LINK_TOKENS,
  type LinkTokenStore,
  MUNICIPALITIES,
  type MunicipalityCatalogue,
  REGISTRATIONS,
  type RegistrationRepository,
} from './application/ports';
import { PurgeUnconfirmedRegistrations } from './application/purge-unconfirmed-registrations';
import { ResumePendingPlacements } from './application/resume-pending-placements';
import { RunActivityChecks } from './application/run-activity-checks';
import type { EnrolmentConfig } from './config';
import { MongoLinkTokens } from './infrastructure/mongo-link-tokens';
import { PersistenceModule } from './persistence.module';
import { RegistrationsModule } from './registrations.module';

/** Links are useless after expiry; kept 30 more days so "expired" can still be told apart from "invalid". */
const EXPIRED_LINKS_KEPT_MS = 30 * 86_400_000;

/** Starts the housekeeping timer once MongoDB and Kafka are there (ServiceLifecycle) and stops it at shutdown. */
export class HousekeepingTimer implements OnInfrastructureReady, BeforeInfrastructureShutdown {
  constructor(private readonly housekeeping: Housekeeping) {}

  onInfrastructureReady(): void {
    this.housekeeping.start();
  }

  beforeInfrastructureShutdown(): void {
    this.housekeeping.stop();
  }
}

/**
 * One timer (`HOUSEKEEPING_INTERVAL_MS`, one round at a time) for what a TTL index cannot do: half-done placements,
 * anonymising erased registrations when due, erasing registrations never confirmed, the yearly activity checks and
 * purging long-expired links.
 */
@Module({
  imports: [PersistenceModule, RegistrationsModule, ActivityChecksModule],
  providers: [
    {
      provide: ResumePendingPlacements,
      inject: [REGISTRATIONS, PlaceRegistration, MUNICIPALITIES],
      useFactory: (registrations: RegistrationRepository, placer: PlaceRegistration, municipalities: MunicipalityCatalogue) =>
        new ResumePendingPlacements(registrations, placer, () => municipalities.municipalityIds()),
    },
    {
      provide: AnonymiseDueRegistrations,
      inject: [REGISTRATIONS, MUNICIPALITIES, CLOCK],
      useFactory: (registrations: RegistrationRepository, municipalities: MunicipalityCatalogue, clock: Clock) => new AnonymiseDueRegistrations(registrations, municipalities, clock),
    },
    {
      provide: PurgeUnconfirmedRegistrations,
      inject: [REGISTRATIONS, LINK_TOKENS, MUNICIPALITIES, AUDIT_LOG, SERVICE_CONFIG, CLOCK],
      useFactory: (registrations: RegistrationRepository, tokens: LinkTokenStore, municipalities: MunicipalityCatalogue, audit: AuditLog<AuditEntry>, config: EnrolmentConfig, clock: Clock) =>
        new PurgeUnconfirmedRegistrations(registrations, tokens, municipalities, audit, { graceDays: config.UNCONFIRMED_RETENTION_DAYS, batchSize: config.UNCONFIRMED_PURGE_BATCH }, clock),
    },
    {
      provide: HousekeepingTimer,
      inject: [ResumePendingPlacements, AnonymiseDueRegistrations, PurgeUnconfirmedRegistrations, RunActivityChecks, MongoLinkTokens, SERVICE_CONFIG, LOGGER],
      useFactory: (
        resume: ResumePendingPlacements,
        anonymise: AnonymiseDueRegistrations,
        purgeUnconfirmed: PurgeUnconfirmedRegistrations,
        activityChecks: RunActivityChecks,
        tokens: MongoLinkTokens,
        config: EnrolmentConfig,
        logger: Logger,
      ) =>
        new HousekeepingTimer(
          new Housekeeping(
            {
              'resume-placements': () => resume.runOnce(),
              'anonymise-erased': () => anonymise.runOnce(),
              'purge-unconfirmed': () => purgeUnconfirmed.runOnce(),
              'activity-checks': () => activityChecks.runOnce(),
              'purge-links': () => tokens.purgeExpiredBefore(new Date(Date.now() - EXPIRED_LINKS_KEPT_MS)),
            },
            config.HOUSEKEEPING_INTERVAL_MS,
            logger,
          ),
        ),
    },
  ],
})
export class HousekeepingModule {}
