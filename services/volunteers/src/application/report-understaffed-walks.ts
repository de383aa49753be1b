import { createEvent, WalkUnderstaffedV1 } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import { markUnderstaffed, UNDERSTAFFED_NOTICE_MS } from '../domain/walk';
import { walkFields } from './walks';
import type { WalkRules, WalkStore } from './ports';

/**
 * Housekeeping `understaffed-walks`: every scheduled walk starting within 48 hours whose composition rules do not
 * hold is marked understaffed and `volunteers.walk-understaffed.v1` written in the same conditional document write —
 * once per walk, however many instances run the job at once (the loser of a race re-reads, finds the walk marked and
 * writes nothing). Returns how many walks it marked.
 */
export class ReportUnderstaffedWalks {
  constructor(
    private readonly walks: WalkStore,
    private readonly rules: WalkRules,
    private readonly batchSize: number,
    private readonly clock: Clock = systemClock,
  ) {}

  async runOnce(): Promise<number> {
    const now = this.clock();
    const due = await this.walks.dueForStaffingCheck(now, new Date(now.getTime() + UNDERSTAFFED_NOTICE_MS), this.batchSize);
    let marked = 0;
    for (const walk of due) {
      const rules = this.rules.organisation(walk.municipalityId, walk.organisationId);
      if (!rules) continue;
      const result = await this.walks.change(walk.municipalityId, walk.id, (current) => {
        const at = this.clock();
        const decision = markUnderstaffed(current, rules, at);
        if (!decision) return { result: false };
        const { next, staffing } = decision;
        const event = createEvent(
          WalkUnderstaffedV1,
          { municipalityId: next.municipalityId, correlationId: `understaffed-${next.id}` },
          { ...walkFields(next, this.rules.timezone(next.municipalityId)), bookedWalkers: staffing.walkers, requiredWalkers: staffing.required, problems: staffing.problems },
          at,
        );
        return { next, events: [event], result: true };
      });
      if (result === true) marked += 1;
    }
    return marked;
  }
}
