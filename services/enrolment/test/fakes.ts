import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import type { AuditQuery, AuditRecord } from '@trygg/audit';
import { accessProviders, TRUSTED_ISSUERS, type TrustedIssuer } from '@trygg/auth';
import { serviceRoutes } from '@trygg/http-contracts';
import { AUDIT_RECORDS, type AuditRecordSource, SERVICE_CONFIG } from '@trygg/service-kit';
import { InMemoryAuditTrail } from '@trygg/service-testing';
import { ActivityChecksModule } from '../src/activity-checks.module';
import { AuditModule } from '../src/audit.module';
import { CoordinationModule } from '../src/coordination.module';
import { LinksModule } from '../src/links.module';
import { PersistenceModule } from '../src/persistence.module';
import { RegistrationsModule } from '../src/registrations.module';
import { SelfServiceModule } from '../src/self-service.module';
import type { EventEnvelope } from '@trygg/contracts';
import type { Area } from '../src/domain/area';
import type { Group } from '../src/domain/group';
import type { LinkToken } from '../src/domain/link-token';
import type { Registration } from '../src/domain/registration';
import type { AuditLog } from '@trygg/values';
import {
  AUDIT_LOG,
  type AuditEntry,
  CLOCK,
  type ConfirmationMailThrottle,
  type GroupFilter,
  type GroupRepository,
  GROUPS,
  ID_GENERATOR,
  LINK_SECRET_GENERATOR,
  LINK_TOKENS,
  type LinkTokenStore,
  type MunicipalityCatalogue,
  MUNICIPALITIES,
  type Mutation,
  type RegistrationRepository,
  REGISTRATIONS,
} from '../src/application/ports';
import type { StaffMember } from '../src/application/audit-actors';

/** In-memory fakes through the same ports as production (no `if (test)` anywhere). */
const clone = <T>(value: T): T => structuredClone(value);

export class EventLog {
  readonly events: EventEnvelope[] = [];
  types(): string[] {
    return this.events.map((e) => e.type);
  }
  ofType<P = Record<string, unknown>>(type: string): Array<EventEnvelope<string, P>> {
    return this.events.filter((e) => e.type === type) as Array<EventEnvelope<string, P>>;
  }
  clear(): void {
    this.events.splice(0);
  }
}

export class InMemoryRegistrations implements RegistrationRepository {
  readonly byId = new Map<string, Registration>();
  constructor(private readonly log: EventLog) {}

  async insert(registration: Registration, events: EventEnvelope[]): Promise<'inserted' | 'duplicate'> {
    if ([...this.byId.values()].some((r) => r.dedupeKey === registration.dedupeKey)) return 'duplicate';
    this.byId.set(registration.id, clone(registration));
    this.log.events.push(...events);
    return 'inserted';
  }
  private all(m: string) {
    return [...this.byId.values()].filter((r) => r.municipalityId === m).map(clone);
  }
  async findById(m: string, id: string) {
    return this.all(m).find((r) => r.id === id) ?? null;
  }
  async findManyByIds(m: string, ids: readonly string[]) {
    return this.all(m).filter((r) => ids.includes(r.id));
  }
  async findByIdAcrossMunicipalities(id: string) {
    const found = this.byId.get(id);
    return found ? clone(found) : null;
  }
  async findByDedupeKey(m: string, key: string) {
    return this.all(m).find((r) => r.dedupeKey === key) ?? null;
  }
  async findByPerson(m: string, personId: string) {
    return this.all(m).filter((r) => r.personId === personId);
  }
  async findByMemberId(m: string, memberId: string) {
    return this.all(m).find((r) => r.memberId === memberId) ?? null;
  }
  async findByPersonAcrossMunicipalities(personId: string) {
    return [...this.byId.values()].filter((r) => r.personId === personId).map(clone);
  }
  async findLiveByEmail(m: string, email: string) {
    return this.all(m).find((r) => r.email === email.trim().toLowerCase() && r.status !== 'erased') ?? null;
  }
  async listTriage(m: string) {
    return this.all(m).filter((r) => r.status === 'confirmed' && r.placement.kind === 'triage');
  }
  async listPendingPlacement(m: string) {
    return this.all(m).filter((r) => r.status === 'confirmed' && r.placement.kind === 'pending');
  }
  async listDueForAnonymisation(m: string, now: Date) {
    return this.all(m).filter((r) => r.status === 'erased' && r.erasure && r.erasure.anonymisedAt === null && r.erasure.anonymiseAt <= now);
  }
  async listUnconfirmedRequestedBefore(m: string, before: Date, limit: number) {
    return this.all(m)
      .filter((r) => r.status === 'submitted' && (r.confirmationRequestedAt ?? r.submittedAt) <= before)
      .slice(0, limit);
  }
  async update(m: string, id: string, mutation: Mutation<Registration>) {
    const current = this.byId.get(id);
    if (!current || current.municipalityId !== m) return null;
    const change = mutation(clone(current));
    if (!change) return clone(current);
    this.byId.set(id, clone(change.next));
    this.log.events.push(...change.events);
    return clone(change.next);
  }
}

export class InMemoryGroups implements GroupRepository {
  readonly byId = new Map<string, Group>();
  constructor(private readonly log: EventLog) {}

  /** As the database: names are unique per area. */
  async insert(group: Group, events: EventEnvelope[]) {
    const taken = [...this.byId.values()].some((g) => g.municipalityId === group.municipalityId && g.areaId === group.areaId && g.name === group.name);
    if (taken || this.byId.has(group.id)) return false;
    this.byId.set(group.id, clone(group));
    this.log.events.push(...events);
    return true;
  }
  private all(m: string) {
    return [...this.byId.values()].filter((g) => g.municipalityId === m).map(clone);
  }
  async findById(m: string, id: string) {
    return this.all(m).find((g) => g.id === id) ?? null;
  }
  async findByRegistration(m: string, registrationId: string) {
    return this.all(m).find((g) => g.registrationIds.includes(registrationId)) ?? null;
  }
  async findByNomination(m: string, nominationId: string) {
    return this.all(m).find((g) => g.nominationIds.includes(nominationId)) ?? null;
  }
  async findByPerson(m: string, personId: string) {
    return this.all(m).filter((g) => Object.values(g.members).some((x) => x.personId === personId));
  }
  async findByActivityCheckAcrossMunicipalities(checkId: string) {
    const found = [...this.byId.values()].find((g) => g.activityCheck?.checkId === checkId);
    return found ? clone(found) : null;
  }
  async list(m: string, filter: GroupFilter) {
    return this.all(m)
      .filter((g) => (filter.areaId === undefined || g.areaId === filter.areaId) && (filter.status === undefined || g.status === filter.status))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
  async update(m: string, id: string, mutation: Mutation<Group>) {
    const current = this.byId.get(id);
    if (!current || current.municipalityId !== m) return null;
    const change = mutation(clone(current));
    if (!change) return clone(current);
    this.byId.set(id, clone(change.next));
    this.log.events.push(...change.events);
    return clone(change.next);
  }
}

export class InMemoryTokens implements LinkTokenStore {
  readonly byHash = new Map<string, LinkToken>();
  async insert(token: LinkToken) {
    this.byHash.set(token.hash, clone(token));
  }
  async findByHash(hash: string) {
    const found = this.byHash.get(hash);
    return found ? clone(found) : null;
  }
  async markUsed(hash: string, now: Date) {
    const found = this.byHash.get(hash);
    if (!found || found.usedAt) return false;
    found.usedAt = now;
    return true;
  }
  async revokeForPerson(m: string, personId: string) {
    for (const t of this.byHash.values()) if (t.municipalityId === m && t.personId === personId && !t.usedAt) t.usedAt = new Date();
  }
  async latestConfirmationExpiry(m: string, registrationId: string) {
    const expiries = [...this.byHash.values()].filter((t) => t.municipalityId === m && t.registrationId === registrationId && t.kind === 'confirmation').map((t) => t.expiresAt.getTime());
    return expiries.length ? new Date(Math.max(...expiries)) : null;
  }
}

/** A coordinator of Ale as the staff API's use cases get them (from the signed-in principal), without the protected-identity permission. */
export const ALE_COORDINATOR: StaffMember = { subject: 'https://idp.test/ale#samordnare.ale', name: 'Samordnare Ale', seesProtectedIdentity: false };

/** The audit trail in memory: `entries` in order; `find` answers as libs/audit's AuditTrail does (newest first, no chain). */
export class InMemoryAudit implements AuditLog<AuditEntry>, AuditRecordSource {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry) {
    this.entries.push(entry);
  }

  find(query: AuditQuery): Promise<AuditRecord[]> {
    const trail = new InMemoryAuditTrail();
    trail.entries.push(...this.entries.map((e) => ({ ...e, correlationId: e.correlationId ?? 'none' })));
    return trail.find(query);
  }
}

export const testAreas: Area[] = [
  {
    id: 'storgatan',
    name: 'Storgatan',
    householdCount: 40,
    policeAreaId: 'lpo-ale-kungalv',
    maxHouseholdsPerGroup: 2,
    rules: [{ street: 'Storgatan', postcode: null, numbers: { from: 1, to: 99, parity: 'all' } }],
    polygon: null,
  },
  { id: 'kyrkbyn', name: 'Kyrkbyn', householdCount: null, policeAreaId: 'lpo-ale-kungalv', maxHouseholdsPerGroup: null, rules: [{ street: 'Kyrkvägen', postcode: null, numbers: null }], polygon: null },
];

export class FakeCatalogue implements MunicipalityCatalogue {
  constructor(private readonly mode: 'anonymise-now' | 'keep-days' = 'anonymise-now') {}
  exists(m: string) {
    return m === 'ale' || m === 'trollhattan' || m === 'lilla-edet';
  }
  /** Sweden only, the default of every municipality. */
  mobileAllowed(_m: string, e164: string) {
    return e164.startsWith('+46');
  }
  areas(m: string) {
    return m === 'ale' || m === 'lilla-edet' ? testAreas : [];
  }
  area(m: string, id: string) {
    return this.areas(m).find((a) => a.id === id);
  }
  retention() {
    return { mode: this.mode, keepDays: this.mode === 'keep-days' ? 30 : 0, text: { sv: 'Text', en: 'Text' } };
  }
  activityCheck() {
    return { intervalDays: 365, reminderAfterDays: 14, reminders: 2 };
  }
  municipalityIds() {
    return ['ale', 'trollhattan', 'lilla-edet'];
  }
}

export class ManualClock {
  constructor(public now: Date = new Date('2026-11-26T10:00:00Z')) {}
  readonly read = () => new Date(this.now);
  advanceDays(days: number) {
    this.now = new Date(this.now.getTime() + days * 86_400_000);
  }
}

export const ids = () => randomUUID();

/** One confirmation mail per email address per `seconds` of the world's clock (what Redis does for the real service). */
export function throttleByClock(clock: ManualClock, seconds: number): ConfirmationMailThrottle {
  const until = new Map<string, number>();
  return {
    mayMail: (email) => {
      const now = clock.now.getTime();
      if ((until.get(email) ?? 0) > now) return Promise.resolve(false);
      until.set(email, now + seconds * 1000);
      return Promise.resolve(true);
    },
    giveBack: (email) => {
      until.delete(email);
      return Promise.resolve();
    },
  };
}

import { AddSign } from '../src/application/add-sign';
import { AnonymiseDueRegistrations } from '../src/application/anonymise-due-registrations';
import { AnswerActivityCheck } from '../src/application/answer-activity-check';
import { AnswerEmailVerification } from '../src/application/answer-email-verification';
import { ApplyOnboardingOutcome } from '../src/application/apply-onboarding-outcome';
import { ConfirmRegistration } from '../src/application/confirm-registration';
import { ConfirmEmailChange } from '../src/application/confirm-email-change';
import { CorrectOwnDetails } from '../src/application/correct-own-details';
import { DescribeActivityCheck } from '../src/application/describe-activity-check';
import { EditGroup } from '../src/application/edit-group';
import { ExportMembers } from '../src/application/export-members';
import { HandOverContactPerson } from '../src/application/hand-over-contact-person';
import { ImportGroups } from '../src/application/import-groups';
import { IssueLink } from '../src/application/issue-link';
import { LeaveGroup } from '../src/application/leave-group';
import { ListAreas } from '../src/application/list-areas';
import { ListGroups } from '../src/application/list-groups';
import { ListSignReplacements } from '../src/application/list-sign-replacements';
import { ListTriage } from '../src/application/list-triage';
import { PlaceFromTriage } from '../src/application/place-from-triage';
import { PlaceRegistration } from '../src/application/place-registration';
import { RecordDeclinedHousehold } from '../src/application/record-declined-household';
import { RecordEmailReachability } from '../src/application/record-email-reachability';
import { RecordOwnGroupDeclinedHousehold } from '../src/application/record-own-group-declined-household';
import { enrolmentInput } from '@trygg/http-contracts';
import type { RegistrationInput } from '../src/application/registration-input';
import { RemoveDeclinedHousehold } from '../src/application/remove-declined-household';
import { RemoveOwnGroupDeclinedHousehold } from '../src/application/remove-own-group-declined-household';
import { ReportSign } from '../src/application/report-sign';
import { RequestOwnErasure } from '../src/application/request-own-erasure';
import { ResumePendingPlacements } from '../src/application/resume-pending-placements';
import { RunActivityChecks } from '../src/application/run-activity-checks';
import { SubmitRegistration } from '../src/application/submit-registration';
import { UpdateSign } from '../src/application/update-sign';
import { ViewGroupPage } from '../src/application/view-group-page';
import { ViewHouseholdList } from '../src/application/view-household-list';
import { ViewOwnDetails } from '../src/application/view-own-details';

export type FormOverrides = Partial<Record<keyof RegistrationInput, unknown>> & { address?: Record<string, unknown> };

/** Every use case wired to the in-memory fakes: one enrolment service in a box. */
export function buildWorld(options: { retention?: 'anonymise-now' | 'keep-days'; mails?: ConfirmationMailThrottle } = {}) {
  const log = new EventLog();
  const registrations = new InMemoryRegistrations(log);
  const groups = new InMemoryGroups(log);
  const tokens = new InMemoryTokens();
  const audit = new InMemoryAudit();
  const clock = new ManualClock();
  const catalogue = new FakeCatalogue(options.retention);
  let counter = 0;
  const secrets: string[] = [];
  const secret = () => {
    // 43 base64url characters, like a real token, but predictable enough to read in a failing test.
    const value = `t${String(++counter).padStart(42, '0')}`;
    secrets.push(value);
    return value;
  };
  const placer = new PlaceRegistration(registrations, groups, catalogue, ids, clock.read);
  const world = {
    log,
    registrations,
    groups,
    tokens,
    audit,
    clock,
    catalogue,
    secrets,
    secret,
    placer,
    submit: new SubmitRegistration(registrations, catalogue, ids, clock.read, options.mails),
    confirm: new ConfirmRegistration(registrations, tokens, placer, audit, clock.read),
    issueLink: new IssueLink(registrations, groups, tokens, secret, 'https://trygg.example/', clock.read),
    activityChecks: new RunActivityChecks(groups, catalogue, audit, ids, clock.read),
    describeCheck: new DescribeActivityCheck(groups, tokens, clock.read),
    answerCheck: new AnswerActivityCheck(groups, tokens, audit, clock.read),
    // Self-service (the resident's link)
    viewOwnDetails: new ViewOwnDetails(registrations, groups, tokens, catalogue, clock.read),
    correctOwnDetails: new CorrectOwnDetails(registrations, groups, tokens, catalogue, audit, ids, clock.read),
    confirmEmailChange: new ConfirmEmailChange(registrations, tokens, audit, clock.read),
    leaveGroup: new LeaveGroup(registrations, groups, tokens, clock.read),
    requestOwnErasure: new RequestOwnErasure(registrations, groups, tokens, catalogue, audit, clock.read),
    reportSign: new ReportSign(registrations, groups, tokens, audit, clock.read),
    viewHouseholdList: new ViewHouseholdList(registrations, groups, tokens, clock.read),
    recordOwnGroupDeclined: new RecordOwnGroupDeclinedHousehold(registrations, groups, tokens, audit, ids, clock.read),
    removeOwnGroupDeclined: new RemoveOwnGroupDeclinedHousehold(registrations, groups, tokens, audit, clock.read),
    handOverContactPerson: new HandOverContactPerson(registrations, groups, tokens, catalogue, audit, ids, clock.read),
    // Coordination (staff)
    listTriage: new ListTriage(registrations, audit),
    placeFromTriage: new PlaceFromTriage(registrations, placer, audit, clock.read),
    listAreas: new ListAreas(groups, catalogue),
    listGroups: new ListGroups(registrations, groups, catalogue, audit),
    viewGroupPage: new ViewGroupPage(registrations, groups, catalogue, audit),
    editGroup: new EditGroup(registrations, groups, catalogue, audit, clock.read),
    recordDeclinedHousehold: new RecordDeclinedHousehold(groups, audit, ids, clock.read),
    removeDeclinedHousehold: new RemoveDeclinedHousehold(groups, audit, clock.read),
    addSign: new AddSign(groups, audit, ids, clock.read),
    updateSign: new UpdateSign(groups, audit, clock.read),
    listSignReplacements: new ListSignReplacements(groups, catalogue),
    exportMembers: new ExportMembers(registrations, groups, catalogue, audit, clock.read),
    importer: new ImportGroups(registrations, groups, catalogue, audit, ids, clock.read),
    onboarding: new ApplyOnboardingOutcome(groups, registrations, audit, clock.read),
    emailVerification: new AnswerEmailVerification(registrations, groups, audit, clock.read),
    emailReachability: new RecordEmailReachability(registrations),
    resume: new ResumePendingPlacements(registrations, placer, () => catalogue.municipalityIds()),
    anonymise: new AnonymiseDueRegistrations(registrations, catalogue, clock.read),
  };
  return {
    ...world,
    /** Submits a form (through the real input schema) and returns the stored registration. */
    async register(overrides: FormOverrides = {}) {
      const input = enrolmentInput.registrationInput.parse({
        municipalityId: 'ale',
        name: 'Anna Andersson',
        email: `anna-${ids().slice(0, 8)}@example.se`,
        address: { street: 'Storgatan', number: '1', postcode: '449 30' },
        intent: 'join',
        ...overrides,
      });
      const outcome = await world.submit.execute(input, 'corr');
      return outcome.registration;
    },
    /** Issues a confirmation link and returns its token (the last path segment of the URL). */
    async confirmationToken(registrationId: string) {
      const link = await world.issueLink.execute({ kind: 'confirmation', registrationId });
      return link.url.split('/').at(-1)!;
    },
    async selfServiceToken(personId: string) {
      const link = await world.issueLink.execute({ kind: 'self-service', personId });
      return link.url.split('/').at(-1)!;
    },
    async registerAndConfirm(overrides: FormOverrides = {}) {
      const registration = await this.register(overrides);
      const token = await this.confirmationToken(registration.id);
      const result = await world.confirm.execute({ municipalityId: registration.municipalityId, token }, { correlationId: 'corr' });
      return { registration, result, token };
    },
  };
}


/** Stands in for PersistenceModule in the HTTP specs: the ports, ids and clock of one world. */
@Module({})
class FakePersistenceModule {}

/** Gives the feature modules the configuration ServiceKitModule would (SERVICE_CONFIG). */
@Module({})
class FakeConfigModule {}

/** The secret notifications calls `/internal/links` with in the HTTP specs (INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS). */
export const LINKS_SECRET = 'links-secret-of-notifications-for-tests-0123456789';

/**
 * The service's HTTP feature modules (registrations, links, self-service, coordination, activity checks, audit) as
 * production wires them, on the world's fakes, behind libs/auth's AccessGuard from enrolment's route contracts:
 * PersistenceModule is replaced by the world's stores, id generator and clock, the link secrets come from the world,
 * tokens are trusted from `issuers` (libs/service-testing's testTrustedIssuers), and notifications' secret for
 * `/internal/links` is LINKS_SECRET.
 */
export function httpFeatureModules(world: ReturnType<typeof buildWorld>, issuers: TrustedIssuer[]): TestingModuleBuilder {
  const persistence: DynamicModule = {
    module: FakePersistenceModule,
    providers: [
      { provide: REGISTRATIONS, useValue: world.registrations },
      { provide: GROUPS, useValue: world.groups },
      { provide: LINK_TOKENS, useValue: world.tokens },
      { provide: AUDIT_LOG, useValue: world.audit },
      { provide: AUDIT_RECORDS, useValue: world.audit },
      { provide: MUNICIPALITIES, useValue: world.catalogue },
      { provide: ID_GENERATOR, useValue: ids },
      { provide: CLOCK, useValue: world.clock.read },
    ],
    exports: [REGISTRATIONS, GROUPS, LINK_TOKENS, AUDIT_LOG, AUDIT_RECORDS, MUNICIPALITIES, ID_GENERATOR, CLOCK],
  };
  const settings: DynamicModule = {
    module: FakeConfigModule,
    global: true,
    providers: [{ provide: SERVICE_CONFIG, useValue: { WEB_PUBLIC_URL: 'https://trygg.example/' } }],
    exports: [SERVICE_CONFIG],
  };
  return Test.createTestingModule({
    imports: [settings, RegistrationsModule, LinksModule, SelfServiceModule, CoordinationModule, ActivityChecksModule, AuditModule],
    providers: accessProviders({ routes: serviceRoutes['enrolment'], env: { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: LINKS_SECRET } }),
  })
    .overrideProvider(TRUSTED_ISSUERS)
    .useValue(issuers)
    .overrideModule(PersistenceModule)
    .useModule(persistence)
    .overrideProvider(LINK_SECRET_GENERATOR)
    .useValue(world.secret);
}
