import type { AuditActor } from '@trygg/audit';
import { createEvent, PoliceDecisionRecordedV1 } from '@trygg/contracts';
import { ConcurrentModification, retryOnConflict } from '@trygg/persistence';
import { type Clock, systemClock } from '@trygg/values';
import { type PoliceCase, revoke } from '../domain/police-case';
import { AUDIT_ACTION, CaseNotFound } from './decide-case';
import type { CaseStore, DecisionAudit } from './ports';

/**
 * The officer of the case's police area revokes an approved contact person (återkallat godkännande): a new decision
 * with its own reason — the approval stays in the case's history, never edited — published as
 * `police.decision-recorded.v1` with outcome `revoked` in the same write (enrolment deactivates the contact person,
 * notifications tells them and the coordinator), and audited like every decision (`police-decision`, outcome
 * `revoked`). Onboarding is not told: its step was completed by the approval. Two officers at once: the write is
 * conditional on the version read, the loser reads again and is refused as not approved (revoked already).
 */
export class RevokeCase {
  constructor(
    private readonly cases: CaseStore,
    private readonly audit: DecisionAudit,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(policeAreaId: string, caseId: string, revocation: { reason: string; decidedBy: string }, correlationId: string, by: AuditActor): Promise<PoliceCase> {
    return retryOnConflict(async () => {
      const found = await this.cases.find(policeAreaId, caseId);
      if (!found) throw new CaseNotFound(`no case ${caseId} in ${policeAreaId}`);
      const now = this.clock();
      const revoked = revoke(found.work, revocation, now);
      const approval = found.work.decision!;
      const event = createEvent(
        PoliceDecisionRecordedV1,
        { municipalityId: revoked.municipalityId, correlationId, causationId: null },
        {
          caseId: revoked.id,
          policeAreaId,
          instanceId: revoked.instanceId,
          stepId: revoked.stepId,
          attempt: revoked.attempt,
          subject: revoked.subject,
          outcome: 'revoked',
          reason: revocation.reason,
          decidedBy: revocation.decidedBy,
          decidedAt: now.toISOString(),
        },
        now,
      );
      if (!(await this.cases.saveRevocation(revoked, found.version, [event]))) throw new ConcurrentModification('case', caseId);
      await this.audit.record({
        actor: by,
        action: AUDIT_ACTION,
        subject: { kind: 'police-case', id: revoked.id },
        municipalityId: revoked.municipalityId,
        policeAreaId,
        correlationId,
        details: { instanceId: revoked.instanceId, stepId: revoked.stepId, attempt: revoked.attempt, outcome: 'revoked', reason: revocation.reason, revokes: approval.decidedAt },
      });
      return revoked;
    });
  }
}
