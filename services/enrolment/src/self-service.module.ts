import { Module } from '@nestjs/common';
import { ConfirmEmailChange } from './application/confirm-email-change';
import { CorrectOwnDetails } from './application/correct-own-details';
import { HandOverContactPerson } from './application/hand-over-contact-person';
import { LeaveGroup } from './application/leave-group';
import type { AuditLog, Clock } from '@trygg/values';
import {
  CLOCK,
  AUDIT_LOG,
  type AuditEntry,
  GROUPS,
  type GroupRepository,
  ID_GENERATOR,
  type IdGenerator,
  LINK_TOKENS,
  type LinkTokenStore,
  MUNICIPALITIES,
  type MunicipalityCatalogue,
  REGISTRATIONS,
  type RegistrationRepository,
} from './application/ports';
import { RecordOwnGroupDeclinedHousehold } from './application/record-own-group-declined-household';
import { RemoveOwnGroupDeclinedHousehold } from './application/remove-own-group-declined-household';
import { ReportSign } from './application/report-sign';
import { RequestOwnErasure } from './application/request-own-erasure';
import { ViewHouseholdList } from './application/view-household-list';
import { ViewOwnDetails } from './application/view-own-details';
import { EmailChangesController } from './http/email-changes.controller';
import { SelfServiceController } from './http/self-service.controller';
import { PersistenceModule } from './persistence.module';

type Registrations = RegistrationRepository;
type Groups = GroupRepository;
type Tokens = LinkTokenStore;
type Municipalities = MunicipalityCatalogue;

/**
 * Self-service ("Mina uppgifter") from the link in every email (SelfServiceController): the resident sees and
 * corrects their details (a new email address only once the link sent to it is opened: EmailChangesController), leaves their group, reports a sign, asks to be erased; a contact person or deputy keeps
 * their group's household list and hands the role over.
 */
@Module({
  imports: [PersistenceModule],
  controllers: [SelfServiceController, EmailChangesController],
  providers: [
    {
      provide: ViewOwnDetails,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, MUNICIPALITIES, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, tokens: Tokens, municipalities: Municipalities, clock: Clock) => new ViewOwnDetails(registrations, groups, tokens, municipalities, clock),
    },
    {
      provide: CorrectOwnDetails,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, MUNICIPALITIES, AUDIT_LOG, ID_GENERATOR, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, tokens: Tokens, municipalities: Municipalities, audit: AuditLog<AuditEntry>, newId: IdGenerator, clock: Clock) =>
        new CorrectOwnDetails(registrations, groups, tokens, municipalities, audit, newId, clock),
    },
    {
      provide: ConfirmEmailChange,
      inject: [REGISTRATIONS, LINK_TOKENS, AUDIT_LOG, CLOCK],
      useFactory: (registrations: Registrations, tokens: Tokens, audit: AuditLog<AuditEntry>, clock: Clock) => new ConfirmEmailChange(registrations, tokens, audit, clock),
    },
    {
      provide: LeaveGroup,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, tokens: Tokens, clock: Clock) => new LeaveGroup(registrations, groups, tokens, clock),
    },
    {
      provide: RequestOwnErasure,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, MUNICIPALITIES, AUDIT_LOG, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, tokens: Tokens, municipalities: Municipalities, audit: AuditLog<AuditEntry>, clock: Clock) =>
        new RequestOwnErasure(registrations, groups, tokens, municipalities, audit, clock),
    },
    {
      provide: ReportSign,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, AUDIT_LOG, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, tokens: Tokens, audit: AuditLog<AuditEntry>, clock: Clock) => new ReportSign(registrations, groups, tokens, audit, clock),
    },
    {
      provide: ViewHouseholdList,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, tokens: Tokens, clock: Clock) => new ViewHouseholdList(registrations, groups, tokens, clock),
    },
    {
      provide: RecordOwnGroupDeclinedHousehold,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, AUDIT_LOG, ID_GENERATOR, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, tokens: Tokens, audit: AuditLog<AuditEntry>, newId: IdGenerator, clock: Clock) => new RecordOwnGroupDeclinedHousehold(registrations, groups, tokens, audit, newId, clock),
    },
    {
      provide: RemoveOwnGroupDeclinedHousehold,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, AUDIT_LOG, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, tokens: Tokens, audit: AuditLog<AuditEntry>, clock: Clock) => new RemoveOwnGroupDeclinedHousehold(registrations, groups, tokens, audit, clock),
    },
    {
      provide: HandOverContactPerson,
      inject: [REGISTRATIONS, GROUPS, LINK_TOKENS, MUNICIPALITIES, AUDIT_LOG, ID_GENERATOR, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, tokens: Tokens, municipalities: Municipalities, audit: AuditLog<AuditEntry>, newId: IdGenerator, clock: Clock) =>
        new HandOverContactPerson(registrations, groups, tokens, municipalities, audit, newId, clock),
    },
  ],
})
export class SelfServiceModule {}
