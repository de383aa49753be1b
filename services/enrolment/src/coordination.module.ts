import { Module } from '@nestjs/common';
import { AddSign } from './application/add-sign';
import { EditGroup } from './application/edit-group';
import { ExportMembers } from './application/export-members';
import { ImportGroups } from './application/import-groups';
import { ListAreas } from './application/list-areas';
import { ListGroups } from './application/list-groups';
import { ListSignReplacements } from './application/list-sign-replacements';
import { ListTriage } from './application/list-triage';
import { PlaceFromTriage } from './application/place-from-triage';
import { PlaceRegistration } from './application/place-registration';
import type { AuditLog, Clock } from '@trygg/values';
import {
  CLOCK,
  AUDIT_LOG,
  type AuditEntry,
  GROUPS,
  type GroupRepository,
  ID_GENERATOR,
  type IdGenerator,
  MUNICIPALITIES,
  type MunicipalityCatalogue,
  REGISTRATIONS,
  type RegistrationRepository,
} from './application/ports';
import { RecordDeclinedHousehold } from './application/record-declined-household';
import { RemoveDeclinedHousehold } from './application/remove-declined-household';
import { UpdateSign } from './application/update-sign';
import { ViewGroupPage } from './application/view-group-page';
import { StaffController } from './http/staff.controller';
import { PersistenceModule } from './persistence.module';
import { RegistrationsModule } from './registrations.module';

type Registrations = RegistrationRepository;
type Groups = GroupRepository;
type Municipalities = MunicipalityCatalogue;

/**
 * The coordinator's work (StaffController, for signed-in coordinators of the municipality): triage, areas and
 * coverage, groups and their page, declined households, signs, the member export (CSV) and the import of existing
 * groups. Every decision and every view of a list of people is audited with the signed-in coordinator; every call is
 * scoped to one municipality.
 */
@Module({
  imports: [PersistenceModule, RegistrationsModule],
  controllers: [StaffController],
  providers: [
    { provide: ListTriage, inject: [REGISTRATIONS, AUDIT_LOG], useFactory: (registrations: Registrations, audit: AuditLog<AuditEntry>) => new ListTriage(registrations, audit) },
    {
      provide: PlaceFromTriage,
      inject: [REGISTRATIONS, PlaceRegistration, AUDIT_LOG, CLOCK],
      useFactory: (registrations: Registrations, placer: PlaceRegistration, audit: AuditLog<AuditEntry>, clock: Clock) => new PlaceFromTriage(registrations, placer, audit, clock),
    },
    { provide: ListAreas, inject: [GROUPS, MUNICIPALITIES], useFactory: (groups: Groups, municipalities: Municipalities) => new ListAreas(groups, municipalities) },
    {
      provide: ListGroups,
      inject: [REGISTRATIONS, GROUPS, MUNICIPALITIES, AUDIT_LOG],
      useFactory: (registrations: Registrations, groups: Groups, municipalities: Municipalities, audit: AuditLog<AuditEntry>) => new ListGroups(registrations, groups, municipalities, audit),
    },
    {
      provide: ViewGroupPage,
      inject: [REGISTRATIONS, GROUPS, MUNICIPALITIES, AUDIT_LOG],
      useFactory: (registrations: Registrations, groups: Groups, municipalities: Municipalities, audit: AuditLog<AuditEntry>) => new ViewGroupPage(registrations, groups, municipalities, audit),
    },
    {
      provide: EditGroup,
      inject: [REGISTRATIONS, GROUPS, MUNICIPALITIES, AUDIT_LOG, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, municipalities: Municipalities, audit: AuditLog<AuditEntry>, clock: Clock) => new EditGroup(registrations, groups, municipalities, audit, clock),
    },
    {
      provide: RecordDeclinedHousehold,
      inject: [GROUPS, AUDIT_LOG, ID_GENERATOR, CLOCK],
      useFactory: (groups: Groups, audit: AuditLog<AuditEntry>, newId: IdGenerator, clock: Clock) => new RecordDeclinedHousehold(groups, audit, newId, clock),
    },
    { provide: RemoveDeclinedHousehold, inject: [GROUPS, AUDIT_LOG, CLOCK], useFactory: (groups: Groups, audit: AuditLog<AuditEntry>, clock: Clock) => new RemoveDeclinedHousehold(groups, audit, clock) },
    { provide: AddSign, inject: [GROUPS, AUDIT_LOG, ID_GENERATOR, CLOCK], useFactory: (groups: Groups, audit: AuditLog<AuditEntry>, newId: IdGenerator, clock: Clock) => new AddSign(groups, audit, newId, clock) },
    { provide: UpdateSign, inject: [GROUPS, AUDIT_LOG, CLOCK], useFactory: (groups: Groups, audit: AuditLog<AuditEntry>, clock: Clock) => new UpdateSign(groups, audit, clock) },
    { provide: ListSignReplacements, inject: [GROUPS, MUNICIPALITIES], useFactory: (groups: Groups, municipalities: Municipalities) => new ListSignReplacements(groups, municipalities) },
    {
      provide: ExportMembers,
      inject: [REGISTRATIONS, GROUPS, MUNICIPALITIES, AUDIT_LOG, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, municipalities: Municipalities, audit: AuditLog<AuditEntry>, clock: Clock) => new ExportMembers(registrations, groups, municipalities, audit, clock),
    },
    {
      provide: ImportGroups,
      inject: [REGISTRATIONS, GROUPS, MUNICIPALITIES, AUDIT_LOG, ID_GENERATOR, CLOCK],
      useFactory: (registrations: Registrations, groups: Groups, municipalities: Municipalities, audit: AuditLog<AuditEntry>, newId: IdGenerator, clock: Clock) =>
        new ImportGroups(registrations, groups, municipalities, audit, newId, clock),
    },
  ],
})
export class CoordinationModule {}
