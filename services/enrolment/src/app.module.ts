import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { EventConsumer, InboxStore, OutboxRelay } from '@trygg/messaging';
import { defaultMunicipalitiesDir, loadMunicipalities } from '@trygg/municipalities';
import type { Logger } from '@trygg/observability';
import { createInfrastructure, Housekeeping, InfrastructureLifecycleModule } from '@trygg/service-kit';
import { AnswerActivityCheck, RunActivityChecks } from './application/activity-checks';
import { AnonymiseDueRegistrations } from './application/anonymise-due';
import { AnswerEmailVerification } from './application/answer-email-verification';
import { ApplyOnboardingOutcome } from './application/apply-onboarding-outcome';
import { ConfirmRegistration, ResumePendingPlacements } from './application/confirm-registration';
import { PurgeUnconfirmedRegistrations } from './application/purge-unconfirmed';
import { Coordinator } from './application/coordinator';
import { ImportGroups } from './application/import-groups';
import { IssueLink } from './application/issue-link';
import { PlaceRegistration } from './application/place-registration';
import { RecordEmailReachability } from './application/record-email-reachability';
import { SelfService } from './application/self-service';
import { SubmitRegistration } from './application/submit-registration';
import type { EnrolmentConfig } from './config';
import { ActivityChecksController } from './http/activity-checks.controller';
import { ConfirmationsController } from './http/confirmations.controller';
import { INTERNAL_API_TOKEN, InternalLinksController, InternalTokenGuard } from './http/internal-links.controller';
import { RegistrationsController } from './http/registrations.controller';
import { SelfServiceController } from './http/self-service.controller';
import { DevStaffGuard, STAFF_DEV_GUARD, StaffController } from './http/staff.controller';
import { MongoAuditLog } from './infrastructure/mongo-audit-log';
import { GROUPS_COLLECTION, MongoGroups } from './infrastructure/mongo-groups';
import { MongoLinkTokens } from './infrastructure/mongo-link-tokens';
import { MongoRegistrations, REGISTRATIONS_COLLECTION } from './infrastructure/mongo-registrations';
import { StaticMunicipalityCatalogue } from './infrastructure/municipality-catalogue';
import { loadEnrolmentData } from './infrastructure/municipality-data';
import { notificationsHandlers } from './messaging/notifications-handlers';
import { onboardingHandlers } from './messaging/onboarding-handlers';

/** Grannsamverkan: areas, resident registrations, groups, households, contact persons, self-service, coordinator. */
@Module({})
export class EnrolmentModule {
  static forRoot(config: EnrolmentConfig, logger: Logger): DynamicModule {
    const dir = defaultMunicipalitiesDir();
    const catalogue = new StaticMunicipalityCatalogue(loadEnrolmentData(dir, loadMunicipalities(dir)));
    const infra = createInfrastructure('enrolment', config, logger);
    const db = infra.mongo.connection;
    const registrationsCollection = db.collection(REGISTRATIONS_COLLECTION) as never;
    const groupsCollection = db.collection(GROUPS_COLLECTION) as never;
    const registrationRelay = new OutboxRelay(registrationsCollection, infra.kafka.publisher, logger);
    const groupRelay = new OutboxRelay(groupsCollection, infra.kafka.publisher, logger);
    const registrations = MongoRegistrations.create(registrationsCollection, registrationRelay);
    const groups = new MongoGroups(groupsCollection, groupRelay);
    const tokens = new MongoLinkTokens(db.collection('link_tokens') as never);
    const audit = new MongoAuditLog(db.collection('audit') as never);
    const inbox = new InboxStore(db.collection('inbox') as never);
    const newId = () => randomUUID();

    const placer = new PlaceRegistration(registrations, groups, catalogue, newId);
    const consumer = new EventConsumer({
      kafka: infra.kafka.kafka,
      groupId: config.CONSUMER_GROUP,
      handlers: {
        ...onboardingHandlers(new ApplyOnboardingOutcome(groups, registrations, audit), new AnswerEmailVerification(registrations, groups, audit), logger),
        ...notificationsHandlers(new RecordEmailReachability(registrations)),
      },
      inbox,
      publisher: infra.kafka.publisher,
      logger,
      fromBeginning: config.CONSUMER_FROM_BEGINNING,
    });
    const resume = new ResumePendingPlacements(registrations, placer, () => catalogue.municipalityIds());
    const anonymise = new AnonymiseDueRegistrations(registrations, catalogue);
    const activityChecks = new RunActivityChecks(groups, catalogue, audit, newId);
    const purgeUnconfirmed = new PurgeUnconfirmedRegistrations(registrations, tokens, catalogue, audit, {
      graceDays: config.UNCONFIRMED_RETENTION_DAYS,
      batchSize: config.UNCONFIRMED_PURGE_BATCH,
    });
    const housekeeping = new Housekeeping(
      {
        'resume-placements': () => resume.runOnce(),
        'anonymise-erased': () => anonymise.runOnce(),
        'purge-unconfirmed': () => purgeUnconfirmed.runOnce(),
        'activity-checks': () => activityChecks.runOnce(),
        // Links are useless after expiry; keep them 30 more days so "expired" can still be told apart from "invalid".
        'purge-links': () => tokens.purgeExpiredBefore(new Date(Date.now() - 30 * 86_400_000)),
      },
      config.HOUSEKEEPING_INTERVAL_MS,
      logger,
    );

    return {
      module: EnrolmentModule,
      imports: [
        InfrastructureLifecycleModule.forRoot(infra, {
          readinessChecks: [consumer],
          afterConnect: async () => {
            await Promise.all([registrations.ensureIndexes(), groups.ensureIndexes(), tokens.ensureIndexes(), audit.ensureIndexes(), inbox.ensureIndexes()]);
            registrationRelay.start();
            groupRelay.start();
            housekeeping.start();
            await consumer.start();
          },
          beforeShutdown: async () => {
            housekeeping.stop();
            await consumer.stop();
            registrationRelay.stop();
            groupRelay.stop();
          },
        }),
      ],
      controllers: [RegistrationsController, ConfirmationsController, InternalLinksController, SelfServiceController, StaffController, ActivityChecksController],
      providers: [
        { provide: INTERNAL_API_TOKEN, useValue: config.INTERNAL_API_TOKEN },
        { provide: STAFF_DEV_GUARD, useValue: config.STAFF_DEV_GUARD },
        InternalTokenGuard,
        DevStaffGuard,
        { provide: SubmitRegistration, useValue: new SubmitRegistration(registrations, catalogue, newId) },
        { provide: ConfirmRegistration, useValue: new ConfirmRegistration(registrations, tokens, placer, audit) },
        { provide: IssueLink, useValue: new IssueLink(registrations, groups, tokens, config.PUBLIC_BASE_URL) },
        { provide: SelfService, useValue: new SelfService(registrations, groups, tokens, catalogue, audit) },
        { provide: Coordinator, useValue: new Coordinator(registrations, groups, catalogue, placer, audit) },
        { provide: AnswerActivityCheck, useValue: new AnswerActivityCheck(groups, tokens, audit) },
        { provide: ImportGroups, useValue: new ImportGroups(registrations, groups, catalogue, audit, newId) },
      ],
    };
  }
}
