import { ListPendingWork, type PendingWorkViewer } from '@trygg/step-worker';
import { type Clock, systemClock } from '@trygg/values';
import { type Waiting, waitingOf } from '../domain/approval-time';
import type { PoliceCase } from '../domain/police-case';
import type { ApprovalTargets, CaseStore, DecisionAudit } from './ports';

/** The action of a view of the pending case list in the audit trail. */
export const CASES_VIEWED = 'cases-viewed';

/** A pending case with its time in the queue against its municipality's target. */
export type QueuedCase = PoliceCase & Waiting;

/**
 * The officer's approval queue: the pending cases of their police area, oldest first, each with how long it has
 * waited (`waitingSince`, `daysWaiting`) against its municipality's target (`targetDays`) and whether it is `overdue`.
 * Each view is audited (`cases-viewed`, the officer as actor, subject the list of the police area): one record per
 * municipality of the area, with its number of cases.
 */
export class ListPendingCases {
  private readonly list: ListPendingWork<PoliceCase>;

  constructor(
    cases: CaseStore,
    audit: DecisionAudit,
    private readonly targets: Pick<ApprovalTargets, 'targetDaysOf'>,
    private readonly clock: Clock = systemClock,
  ) {
    this.list = new ListPendingWork(cases, audit, CASES_VIEWED);
  }

  async execute(policeAreaId: string, viewer: PendingWorkViewer, correlationId: string): Promise<QueuedCase[]> {
    const pending = await this.list.execute(policeAreaId, viewer, correlationId);
    const now = this.clock();
    return pending
      .map((c) => ({ ...c, ...waitingOf(c.openedAt, this.targets.targetDaysOf(c.municipalityId), now) }))
      .sort((a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.id.localeCompare(b.id));
  }
}
