import type { AuditActor } from '@trygg/audit';
import { type Clock, systemClock } from '@trygg/values';
import { type Waiting, waitingOf } from '../domain/approval-time';
import type { PoliceCase } from '../domain/police-case';
import { CaseNotFound } from './decide-case';
import type { ApprovalTargets, CaseStore, DecisionAudit } from './ports';
import type { GroupProjectionStore } from './project-groups';

/** The action of a view of one case in the audit trail. */
export const CASE_VIEWED = 'case-viewed';

/**
 * One case of the officer's police area, whatever its status (the case page: a pending case to decide, an approved
 * one to revoke), with its decision history. The case shows personal data (the subject's fields), so each view is
 * audited (`case-viewed`, the officer as actor, subject the case). Another area's case is not found. A pending case
 * comes with its time waited against its municipality's target, as in the queue.
 */
export class ShowCase {
  constructor(
    private readonly cases: Pick<CaseStore, 'find'>,
    private readonly audit: DecisionAudit,
    private readonly targets: Pick<ApprovalTargets, 'targetDaysOf'>,
    private readonly clock: Clock = systemClock,
    private readonly groups?: Pick<GroupProjectionStore, 'groupOfNomination'>,
  ) {}

  async execute(policeAreaId: string, caseId: string, correlationId: string, by: AuditActor): Promise<PoliceCase | (PoliceCase & Waiting)> {
    const found = await this.cases.find(policeAreaId, caseId);
    if (!found) throw new CaseNotFound(`no case ${caseId} in ${policeAreaId}`);
    const c = found.work;
    await this.audit.record({ actor: by, action: CASE_VIEWED, subject: { kind: 'police-case', id: c.id }, municipalityId: c.municipalityId, policeAreaId, correlationId, details: { status: c.status } });
    return c.status === 'pending' ? { ...c, ...waitingOf(c.openedAt, this.targets.targetDaysOf(c.municipalityId), this.clock()) } : c;
  }

  /**
   * The group a contact-person case is about (the case's subject is the nomination; police-liaison's own projection of
   * the groups knows its group), so the officer's case page can lead on to the group's start meeting. Null while the
   * nomination has not reached the projection, or for a case about something else.
   */
  async groupOf(c: PoliceCase): Promise<string | null> {
    if (!this.groups || c.subject.kind !== 'contact-person') return null;
    return (await this.groups.groupOfNomination(c.subject.id))?.groupId ?? null;
  }
}
