import { Module } from '@nestjs/common';
import { AnswerEmailVerification } from './application/answer-email-verification';
import { ApplyOnboardingOutcome } from './application/apply-onboarding-outcome';
import type { AuditLog, Clock } from '@trygg/values';
import {
  CLOCK,
  AUDIT_LOG,
  type AuditEntry,
  GROUPS,
  type GroupRepository,
  REGISTRATIONS,
  type RegistrationRepository,
} from './application/ports';
import { OnboardingEventsController } from './messaging/onboarding-events.controller';
import { PersistenceModule } from './persistence.module';

/**
 * Enrolment's side of onboarding (OnboardingEventsController): contact-person outcomes (approved → contact person,
 * the group becomes active), rejected members leave their group, and `email-verification` steps are answered from
 * the double opt-in.
 */
@Module({
  imports: [PersistenceModule],
  controllers: [OnboardingEventsController],
  providers: [
    {
      provide: ApplyOnboardingOutcome,
      inject: [GROUPS, REGISTRATIONS, AUDIT_LOG, CLOCK],
      useFactory: (groups: GroupRepository, registrations: RegistrationRepository, audit: AuditLog<AuditEntry>, clock: Clock) => new ApplyOnboardingOutcome(groups, registrations, audit, clock),
    },
    {
      provide: AnswerEmailVerification,
      inject: [REGISTRATIONS, GROUPS, AUDIT_LOG, CLOCK],
      useFactory: (registrations: RegistrationRepository, groups: GroupRepository, audit: AuditLog<AuditEntry>, clock: Clock) => new AnswerEmailVerification(registrations, groups, audit, clock),
    },
  ],
})
export class OnboardingModule {}
