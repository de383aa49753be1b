import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type EventOf, PoliceDecisionRecordedV1 } from '@trygg/contracts';
import { PermanentError } from '@trygg/messaging';
import { type Logger, LOGGER } from '@trygg/observability';
import { RevokeContactPerson } from '../application/revoke-contact-person';

/**
 * Police-liaison's decisions. Only `revoked` concerns enrolment (the contact person is deactivated); approve, reject
 * and needs-info reach enrolment through onboarding.completed.v1, and any other outcome is not enrolment's. Thin:
 * translate and delegate.
 */
@Controller()
export class PoliceEventsController {
  constructor(
    private readonly revoke: RevokeContactPerson,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(PoliceDecisionRecordedV1.type)
  async decisionRecorded(@Payload() event: EventOf<typeof PoliceDecisionRecordedV1>): Promise<void> {
    const p = event.payload;
    if (p.outcome !== 'revoked') return;
    const result = await this.revoke.execute({
      eventId: event.eventId,
      municipalityId: event.municipalityId,
      correlationId: event.correlationId,
      caseId: p.caseId,
      subject: p.subject,
      reason: p.reason,
      decidedBy: p.decidedBy,
    });
    // A revocation of a nomination enrolment never made cannot succeed on retry: dead-letter it.
    if (result === 'unknown-nomination') throw new PermanentError(`no group has nomination ${p.subject.id}`);
    this.logger.info({ eventId: event.eventId, caseId: p.caseId, result }, 'police revocation');
  }
}
