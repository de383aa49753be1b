import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import type { mongo } from 'mongoose';
import { AuditTrailLog } from '@trygg/audit';
import { OutboxAggregateCollection, type OutboxRelay } from '@trygg/messaging';
import { loadMunicipalities, loadVolunteerOrganisations } from '@trygg/municipalities';
import { type Logger, LOGGER } from '@trygg/observability';
import {
  AUDIT_RECORDS,
  AuditRecordsController,
  type BeforeInfrastructureShutdown,
  collectionProvider,
  Housekeeping,
  type OnInfrastructureReady,
  outboxRelayProvider,
  SERVICE_CONFIG,
} from '@trygg/service-kit';
import { mobileCountryAllowed } from '@trygg/values';
import { ApplyOnboardingOutcome } from './application/apply-onboarding-outcome';
import { ConfirmSignUp } from './application/confirm-sign-up';
import { EraseVolunteer } from './application/erase-volunteer';
import { IssueConfirmationLink } from './application/issue-confirmation-link';
import { ListVolunteers, RecordOnboardingStep } from './application/list-volunteers';
import {
  CONFIRMATION_LINKS,
  type ConfirmationLinks,
  ERASURE_AUDIT,
  type ErasureAudit,
  KNOWN_MUNICIPALITIES,
  type KnownMunicipalities,
  LINK_SECRETS,
  type LinkSecrets,
  VOLUNTEER_STORE,
  type VolunteerStore,
  WALK_RULES,
  WALK_STORE,
  WALKER_LINKS,
  type WalkerLinks,
  type WalkRules,
  type WalkStore,
} from './application/ports';
import { IssueWalkerLink, RecordQualifications, WalkerActions } from './application/walker-actions';
import { WalkerWalks } from './application/walker-walks';
import { CoordinateWalks } from './application/walks';
import { ShowWalk } from './application/show-walk';
import type { Walk } from './domain/walk';
import { WalksController } from './http/walks.controller';
import { MongoWalkerLinks, WALKER_LINKS_COLLECTION } from './infrastructure/mongo-walker-links';
import { MongoWalkStore, WALKS_COLLECTION } from './infrastructure/mongo-walks';
import { PurgeUnconfirmedVolunteers } from './application/purge-unconfirmed-volunteers';
import { ReportUnderstaffedWalks } from './application/report-understaffed-walks';
import { AutomateWalks } from './application/automate-walks';
import { ShowPersonalData } from './application/show-personal-data';
import { SignUp } from './application/sign-up';
import type { VolunteersConfig } from './config';
import type { Volunteer } from './domain/volunteer';
import { PersonalDataController } from './http/personal-data.controller';
import { VolunteersController } from './http/volunteers.controller';
import { AUDIT_COLLECTION } from './infrastructure/mongo-audit';
import { CONFIRMATION_LINKS_COLLECTION, MongoConfirmationLinks } from './infrastructure/mongo-confirmation-links';
import { MongoVolunteerStore, VOLUNTEERS_COLLECTION } from './infrastructure/mongo-volunteers';
import { OnboardingEventsController } from './messaging/onboarding-events.controller';

const VOLUNTEERS = Symbol('volunteers collection');
const VOLUNTEERS_RELAY = Symbol('volunteers outbox relay');
const AUDIT = Symbol('audit collection');
const LINKS = Symbol('confirmation links collection');
const WALKS = Symbol('walks collection');
const WALKS_RELAY = Symbol('walks outbox relay');
const WALKER_LINK_DOCUMENTS = Symbol('walker links collection');

/** Links are useless after expiry; kept 30 more days so "expired" can still be told apart from "unknown". */
const EXPIRED_LINKS_KEPT_MS = 30 * 86_400_000;
/** At most this many walks starting within 48 h are checked per housekeeping round. */
const UNDERSTAFFED_BATCH = 500;

/** Starts the housekeeping timer once MongoDB and Kafka are there (ServiceLifecycle) and stops it at shutdown. */
class HousekeepingTimer implements OnInfrastructureReady, BeforeInfrastructureShutdown {
  constructor(private readonly housekeeping: Housekeeping) {}

  onInfrastructureReady(): void {
    this.housekeeping.start();
  }

  beforeInfrastructureShutdown(): void {
    this.housekeeping.stop();
  }
}

/**
 * The walker register: sign-up and its confirmation link (double opt-in; the events for notifications and onboarding
 * leave through the walker document's outbox), the links notifications asks for, the walker's status when onboarding
 * ends (OnboardingEventsController), erasure by a signed-in coordinator of the walker's municipality, audited in the
 * `audit` trail, which `GET /audit` shows to an admin or the municipality's data-protection officer
 * (AuditRecordsController), and the housekeeping timer (`purge-unconfirmed`, `purge-links`).
 * The person's own walker records go to the web's "Mina uppgifter" (PersonalDataController, internal, the web only).
 */
@Module({
  controllers: [VolunteersController, WalksController, OnboardingEventsController, AuditRecordsController, PersonalDataController],
  providers: [
    collectionProvider(VOLUNTEERS, VOLUNTEERS_COLLECTION),
    outboxRelayProvider(VOLUNTEERS_RELAY, VOLUNTEERS_COLLECTION),
    collectionProvider(AUDIT, AUDIT_COLLECTION),
    collectionProvider(LINKS, CONFIRMATION_LINKS_COLLECTION),
    collectionProvider(WALKS, WALKS_COLLECTION),
    outboxRelayProvider(WALKS_RELAY, WALKS_COLLECTION),
    collectionProvider(WALKER_LINK_DOCUMENTS, WALKER_LINKS_COLLECTION),
    {
      provide: MongoWalkStore,
      inject: [WALKS, WALKS_RELAY],
      useFactory: (walks: mongo.Collection, relay: OutboxRelay) => new MongoWalkStore(new OutboxAggregateCollection<Walk>(walks as never, relay), walks as never),
    },
    { provide: WALK_STORE, useExisting: MongoWalkStore },
    { provide: MongoWalkerLinks, inject: [WALKER_LINK_DOCUMENTS], useFactory: (links: mongo.Collection) => new MongoWalkerLinks(links as never) },
    { provide: WALKER_LINKS, useExisting: MongoWalkerLinks },
    {
      provide: WALK_RULES,
      useFactory: (): WalkRules => {
        const municipalities = loadMunicipalities();
        const organisations = loadVolunteerOrganisations();
        return {
          organisation: (m, id) => organisations.get(m)?.organisations.find((o) => o.id === id),
          defaultOrganisation: (m) => organisations.get(m)?.defaultOrganisation,
          timezone: (m) => municipalities.get(m)?.timezone ?? 'Europe/Stockholm',
          cancelUnstaffedLeadMs: (m) => (organisations.get(m)?.walks.cancelUnstaffedHoursBefore ?? 0) * 3_600_000,
        };
      },
    },
    {
      provide: CoordinateWalks,
      inject: [WALK_STORE, WALK_RULES, ERASURE_AUDIT],
      useFactory: (walks: WalkStore, rules: WalkRules, audit: ErasureAudit) => new CoordinateWalks(walks, rules, audit),
    },
    {
      provide: ShowWalk,
      inject: [WALK_STORE, VOLUNTEER_STORE, WALK_RULES],
      useFactory: (walks: WalkStore, store: VolunteerStore, rules: WalkRules) => new ShowWalk(walks, store, rules),
    },
    {
      provide: WalkerActions,
      inject: [VOLUNTEER_STORE, WALKER_LINKS, WALK_STORE, WALK_RULES],
      useFactory: (store: VolunteerStore, links: WalkerLinks, walks: WalkStore, rules: WalkRules) => new WalkerActions(store, links, walks, rules),
    },
    {
      provide: WalkerWalks,
      inject: [VOLUNTEER_STORE, WALKER_LINKS, WALK_STORE, WALK_RULES],
      useFactory: (store: VolunteerStore, links: WalkerLinks, walks: WalkStore, rules: WalkRules) => new WalkerWalks(store, links, walks, rules),
    },
    {
      provide: IssueWalkerLink,
      inject: [VOLUNTEER_STORE, WALKER_LINKS, LINK_SECRETS, SERVICE_CONFIG],
      useFactory: (store: VolunteerStore, links: WalkerLinks, secrets: LinkSecrets, config: VolunteersConfig) => new IssueWalkerLink(store, links, secrets, config.WEB_PUBLIC_URL),
    },
    { provide: RecordQualifications, inject: [VOLUNTEER_STORE, ERASURE_AUDIT], useFactory: (store: VolunteerStore, audit: ErasureAudit) => new RecordQualifications(store, audit) },
    { provide: ERASURE_AUDIT, inject: [AUDIT], useFactory: (audit: mongo.Collection) => new AuditTrailLog(audit as never) },
    { provide: AUDIT_RECORDS, useExisting: ERASURE_AUDIT },
    // Classes as well as tokens, so ServiceLifecycle finds their onInfrastructureReady (the indexes).
    {
      provide: MongoVolunteerStore,
      inject: [VOLUNTEERS, VOLUNTEERS_RELAY],
      useFactory: (volunteers: mongo.Collection, relay: OutboxRelay) => new MongoVolunteerStore(new OutboxAggregateCollection<Volunteer>(volunteers as never, relay), volunteers as never),
    },
    { provide: VOLUNTEER_STORE, useExisting: MongoVolunteerStore },
    { provide: MongoConfirmationLinks, inject: [LINKS], useFactory: (links: mongo.Collection) => new MongoConfirmationLinks(links as never) },
    { provide: CONFIRMATION_LINKS, useExisting: MongoConfirmationLinks },
    { provide: LINK_SECRETS, useValue: (() => randomBytes(32).toString('base64url')) satisfies LinkSecrets },
    {
      provide: KNOWN_MUNICIPALITIES,
      useFactory: (): KnownMunicipalities => {
        const municipalities = loadMunicipalities();
        const organisations = loadVolunteerOrganisations();
        return {
          exists: (id) => municipalities.has(id),
          mobileAllowed: (id, e164) => mobileCountryAllowed(e164, municipalities.get(id)?.sms.countries ?? ['SE']),
          organisationExists: (id, organisationId) => organisations.get(id)?.organisations.some((o) => o.id === organisationId) ?? false,
        };
      },
    },
    { provide: SignUp, inject: [VOLUNTEER_STORE, KNOWN_MUNICIPALITIES], useFactory: (store: VolunteerStore, known: KnownMunicipalities) => new SignUp(store, known) },
    { provide: ConfirmSignUp, inject: [VOLUNTEER_STORE, CONFIRMATION_LINKS], useFactory: (store: VolunteerStore, links: ConfirmationLinks) => new ConfirmSignUp(store, links) },
    {
      provide: IssueConfirmationLink,
      inject: [VOLUNTEER_STORE, CONFIRMATION_LINKS, LINK_SECRETS, SERVICE_CONFIG],
      useFactory: (store: VolunteerStore, links: ConfirmationLinks, secrets: LinkSecrets, config: VolunteersConfig) => new IssueConfirmationLink(store, links, secrets, config.WEB_PUBLIC_URL),
    },
    { provide: ApplyOnboardingOutcome, inject: [VOLUNTEER_STORE], useFactory: (store: VolunteerStore) => new ApplyOnboardingOutcome(store) },
    { provide: RecordOnboardingStep, inject: [VOLUNTEER_STORE], useFactory: (store: VolunteerStore) => new RecordOnboardingStep(store) },
    {
      provide: ListVolunteers,
      inject: [VOLUNTEER_STORE, WALK_RULES, ERASURE_AUDIT],
      useFactory: (store: VolunteerStore, rules: WalkRules, audit: ErasureAudit) => new ListVolunteers(store, rules, audit),
    },
    { provide: ShowPersonalData, inject: [VOLUNTEER_STORE], useFactory: (store: VolunteerStore) => new ShowPersonalData(store) },
    {
      provide: EraseVolunteer,
      inject: [VOLUNTEER_STORE, ERASURE_AUDIT, WALK_STORE],
      useFactory: (store: VolunteerStore, audit: ErasureAudit, walks: WalkStore) => new EraseVolunteer(store, audit, walks),
    },
    {
      provide: PurgeUnconfirmedVolunteers,
      inject: [VOLUNTEER_STORE, CONFIRMATION_LINKS, ERASURE_AUDIT, SERVICE_CONFIG],
      useFactory: (store: VolunteerStore, links: ConfirmationLinks, audit: ErasureAudit, config: VolunteersConfig) =>
        new PurgeUnconfirmedVolunteers(store, links, audit, { graceDays: config.UNCONFIRMED_RETENTION_DAYS, batchSize: config.UNCONFIRMED_PURGE_BATCH }),
    },
    {
      provide: ReportUnderstaffedWalks,
      inject: [WALK_STORE, WALK_RULES],
      useFactory: (walks: WalkStore, rules: WalkRules) => new ReportUnderstaffedWalks(walks, rules, UNDERSTAFFED_BATCH),
    },
    {
      provide: AutomateWalks,
      inject: [WALK_STORE, VOLUNTEER_STORE, WALK_RULES, ERASURE_AUDIT],
      useFactory: (walks: WalkStore, store: VolunteerStore, rules: WalkRules, audit: ErasureAudit) => new AutomateWalks(walks, store, rules, audit, UNDERSTAFFED_BATCH),
    },
    {
      provide: HousekeepingTimer,
      inject: [PurgeUnconfirmedVolunteers, CONFIRMATION_LINKS, WALKER_LINKS, ReportUnderstaffedWalks, AutomateWalks, SERVICE_CONFIG, LOGGER],
      useFactory: (
        purge: PurgeUnconfirmedVolunteers,
        links: ConfirmationLinks,
        walkerLinks: WalkerLinks,
        understaffed: ReportUnderstaffedWalks,
        automate: AutomateWalks,
        config: VolunteersConfig,
        logger: Logger,
      ) =>
        new HousekeepingTimer(
          new Housekeeping(
            {
              'purge-unconfirmed': () => purge.runOnce(),
              'purge-links': () => links.purgeExpiredBefore(new Date(Date.now() - EXPIRED_LINKS_KEPT_MS)),
              'understaffed-walks': () => understaffed.runOnce(),
              // After the understaffed mark: a walk marked in this round invites in this round too.
              'walk-invitations': () => automate.invite(),
              'walk-reminders': () => automate.remind(),
              'cancel-unstaffed-walks': () => automate.cancelUnstaffed(),
              'purge-walker-links': () => walkerLinks.purgeExpiredBefore(new Date(Date.now() - EXPIRED_LINKS_KEPT_MS)),
            },
            config.HOUSEKEEPING_INTERVAL_MS,
            logger,
          ),
        ),
    },
  ],
})
export class WalkersModule {}
