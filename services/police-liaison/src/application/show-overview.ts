import { type Clock, systemClock } from '@trygg/values';
import { calendarYearOf, decisionDays, median, percentile, waitingOf } from '../domain/approval-time';
import { type GroupFigures, groupFigures } from '../domain/group-projection';
import type { ObservationStore } from './observations';
import type { GroupProjectionStore } from './project-groups';
import type { ApprovalTargets, CaseStore } from './ports';

export interface ApprovalFigures {
  /** Cases waiting for the officer now. */
  waiting: number;
  /** Of those, the ones past their municipality's target. */
  overdue: number;
  /** Cases decided this calendar year (any outcome). */
  decided: number;
  /** Median and 90th percentile of the days from opening to decision of those (one decimal); null without any. */
  medianDays: number | null;
  p90Days: number | null;
}

export interface PoliceOverview {
  policeAreaId: string;
  year: number;
  /** One row per municipality of the area, with its target; then the area as a whole. */
  municipalities: Array<ApprovalFigures & { municipalityId: string; targetDays: number; decidedWithinTarget: number }>;
  total: ApprovalFigures;
  /** The groups (police-liaison's own projection of enrolment's events) and the open observations, per municipality and in total. */
  groups: { municipalities: Array<GroupAndObservationFigures & { municipalityId: string }>; total: GroupAndObservationFigures };
}

export type GroupAndObservationFigures = GroupFigures & {
  /** Observations not read yet. */
  openObservations: number;
};

/**
 * The officer's overview of their police area: cases waiting, how many are overdue, and how long decisions took this
 * calendar year (median and 90th percentile) against each municipality's target; the groups by status, their active
 * contact persons, the groups without one (from police-liaison's own projection of enrolment's events), and the
 * observations not read yet. Counts only, from police-liaison's own data.
 */
export class ShowOverview {
  constructor(
    private readonly cases: Pick<CaseStore, 'pending' | 'decidedSince'>,
    private readonly targets: Pick<ApprovalTargets, 'targetDaysOf' | 'timeZoneOf'>,
    private readonly groups: Pick<GroupProjectionStore, 'ofPoliceArea'>,
    private readonly observations: Pick<ObservationStore, 'openCounts'>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(policeAreaId: string, municipalityIds: readonly string[]): Promise<PoliceOverview> {
    const now = this.clock();
    const years = new Map(municipalityIds.map((m) => [m, calendarYearOf(now, this.targets.timeZoneOf(m))]));
    const earliest = [...years.values()].reduce((a, b) => (b.startsAt < a ? b.startsAt : a), now);
    const [pending, decided, groups, open] = await Promise.all([
      this.cases.pending(policeAreaId),
      this.cases.decidedSince(policeAreaId, earliest.toISOString()),
      this.groups.ofPoliceArea(policeAreaId),
      this.observations.openCounts(policeAreaId),
    ]);
    const shownGroups = groups.filter((g) => municipalityIds.includes(g.municipalityId));
    const groupRows = municipalityIds.map((municipalityId) => ({
      municipalityId,
      ...groupFigures(shownGroups.filter((g) => g.municipalityId === municipalityId)),
      openObservations: open[municipalityId] ?? 0,
    }));
    const groupTotal = { ...groupFigures(shownGroups), openObservations: groupRows.reduce((sum, r) => sum + r.openObservations, 0) };
    const allDays: number[] = [];
    let allOverdue = 0;
    const rows = municipalityIds.map((municipalityId) => {
      const targetDays = this.targets.targetDaysOf(municipalityId);
      const startsAt = years.get(municipalityId)!.startsAt.toISOString();
      const waiting = pending.filter((c) => c.municipalityId === municipalityId);
      const overdue = waiting.filter((c) => waitingOf(c.openedAt, targetDays, now).overdue).length;
      // A revoked approval is still a decision made at its own time: count the first decision (the approval kept in
      // `decisionHistory`), not the revocation that came later.
      const days = decided
        .map((c) => ({ c, first: c.decisionHistory?.[0] ?? c.decision }))
        .filter(({ c, first }) => c.municipalityId === municipalityId && first && first.decidedAt >= startsAt)
        .map(({ c, first }) => decisionDays(c.openedAt, first!.decidedAt));
      allDays.push(...days);
      allOverdue += overdue;
      return { municipalityId, targetDays, ...figures(waiting.length, overdue, days), decidedWithinTarget: days.filter((d) => d <= targetDays).length };
    });
    const shown = pending.filter((c) => municipalityIds.includes(c.municipalityId)).length;
    return { policeAreaId, year: years.get(municipalityIds[0] ?? '')?.year ?? calendarYearOf(now, 'Europe/Stockholm').year, municipalities: rows, total: figures(shown, allOverdue, allDays), groups: { municipalities: groupRows, total: groupTotal } };
  }
}

function figures(waiting: number, overdue: number, days: number[]): ApprovalFigures {
  return { waiting, overdue, decided: days.length, medianDays: median(days), p90Days: percentile(days, 90) };
}
