import { Module } from '@nestjs/common';
import { RateLimiter } from '@trygg/rate-limits';
import { SERVICE_CONFIG } from '@trygg/service-kit';
import { ConfirmRegistration } from './application/confirm-registration';
import { PlaceRegistration } from './application/place-registration';
import type { AuditLog, Clock } from '@trygg/values';
import {
  CLOCK,
  AUDIT_LOG,
  CONFIRMATION_MAIL_THROTTLE,
  type ConfirmationMailThrottle,
  unthrottledConfirmationMails,
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
import { SubmitRegistration } from './application/submit-registration';
import { ConfirmationsController } from './http/confirmations.controller';
import { RegistrationsController } from './http/registrations.controller';
import { RedisConfirmationMails } from './infrastructure/redis-confirmation-mails';
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
      inject: [REGISTRATIONS, GROUPS, MUNICIPALITIES, ID_GENERATOR, CLOCK],
      useFactory: (registrations: RegistrationRepository, groups: GroupRepository, municipalities: MunicipalityCatalogue, newId: IdGenerator, clock: Clock) =>
        new PlaceRegistration(registrations, groups, municipalities, newId, clock),
    },
    {
      // One confirmation mail per address per CONFIRMATION_MAIL_INTERVAL_SECONDS, across instances (Redis). Without
      // RateLimitsModule (the HTTP tests' feature modules) every confirmation is mailed.
      provide: CONFIRMATION_MAIL_THROTTLE,
      inject: [{ token: RateLimiter, optional: true }, SERVICE_CONFIG],
      useFactory: (limiter: RateLimiter | undefined, config: { CONFIRMATION_MAIL_INTERVAL_SECONDS?: number }): ConfirmationMailThrottle =>
        limiter ? new RedisConfirmationMails(limiter, config.CONFIRMATION_MAIL_INTERVAL_SECONDS ?? 300) : unthrottledConfirmationMails,
    },
    {
      provide: SubmitRegistration,
      inject: [REGISTRATIONS, MUNICIPALITIES, ID_GENERATOR, CLOCK, CONFIRMATION_MAIL_THROTTLE],
      useFactory: (registrations: RegistrationRepository, municipalities: MunicipalityCatalogue, newId: IdGenerator, clock: Clock, mails: ConfirmationMailThrottle) =>
        new SubmitRegistration(registrations, municipalities, newId, clock, mails),
    },
    {
      provide: ConfirmRegistration,
      inject: [REGISTRATIONS, LINK_TOKENS, PlaceRegistration, AUDIT_LOG, CLOCK],
      useFactory: (registrations: RegistrationRepository, tokens: LinkTokenStore, placer: PlaceRegistration, audit: AuditLog<AuditEntry>, clock: Clock) => new ConfirmRegistration(registrations, tokens, placer, audit, clock),
    },
  ],
  exports: [PlaceRegistration],
})
export class RegistrationsModule {}
