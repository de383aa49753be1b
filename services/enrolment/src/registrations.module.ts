import { Module } from '@nestjs/common';
import { ConfirmRegistration } from './application/confirm-registration';
import { PlaceRegistration } from './application/place-registration';
import {
  AUDIT_LOG,
  type AuditLog,
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
import { SubmitRegistration } from './application/submit-registration';
import { ConfirmationsController } from './http/confirmations.controller';
import { RegistrationsController } from './http/registrations.controller';
import { PersistenceModule } from './persistence.module';

/**
 * Registrations: the resident's form (RegistrationsController), the confirmation link (ConfirmationsController)
 * and the placement in an area and group that follows it (`PlaceRegistration`, also used by the coordinator's
 * triage and the housekeeping that resumes half-done placements).
 */
@Module({
  imports: [PersistenceModule],
  controllers: [RegistrationsController, ConfirmationsController],
  providers: [
    {
      provide: PlaceRegistration,
      inject: [REGISTRATIONS, GROUPS, MUNICIPALITIES, ID_GENERATOR],
      useFactory: (registrations: RegistrationRepository, groups: GroupRepository, municipalities: MunicipalityCatalogue, newId: IdGenerator) =>
        new PlaceRegistration(registrations, groups, municipalities, newId),
    },
    {
      provide: SubmitRegistration,
      inject: [REGISTRATIONS, MUNICIPALITIES, ID_GENERATOR],
      useFactory: (registrations: RegistrationRepository, municipalities: MunicipalityCatalogue, newId: IdGenerator) => new SubmitRegistration(registrations, municipalities, newId),
    },
    {
      provide: ConfirmRegistration,
      inject: [REGISTRATIONS, LINK_TOKENS, PlaceRegistration, AUDIT_LOG],
      useFactory: (registrations: RegistrationRepository, tokens: LinkTokenStore, placer: PlaceRegistration, audit: AuditLog) => new ConfirmRegistration(registrations, tokens, placer, audit),
    },
  ],
  exports: [PlaceRegistration],
})
export class RegistrationsModule {}
