import { ActivityCheckRequestedV1, createEvent } from '@trygg/contracts';
import { applyCheckStep, nextCheckStep } from '../domain/activity-check';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { systemActor } from './audit-actors';
import type { AuditEntry, GroupRepository, IdGenerator, MunicipalityCatalogue } from './ports';

/**
 * The yearly "still active?" round, run by the housekeeping timer: start a check for each active group that is due,
 * remind after the configured days, and flag the group to the coordinator when the reminders went unanswered.
 */
export class RunActivityChecks {
  constructor(
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = systemClock,
  ) {}

  async runOnce(): Promise<number> {
    let steps = 0;
    for (const m of this.municipalities.municipalityIds()) {
      const rules = this.municipalities.activityCheck(m);
      for (const group of await this.groups.list(m, { status: 'active' })) {
        const now = this.clock();
        if (nextCheckStep(group, rules, now).kind === 'none') continue;
        let flagged = false;
        await this.groups.update(m, group.id, (current) => {
          flagged = false; // decided anew on each run: a lost race runs this again on the latest state
          const step = nextCheckStep(current, rules, now);
          if (step.kind === 'none' || current.contactPersonId === null) return null;
          const next = applyCheckStep(current, step, now, this.newId);
          flagged = step.kind === 'flag';
          const check = next.activityCheck;
          const events =
            (step.kind === 'start' || step.kind === 'remind') && check
              ? [
                  createEvent(
                    ActivityCheckRequestedV1,
                    { municipalityId: m, correlationId: `activity-check-${check.checkId}` },
                    { groupId: current.id, checkId: check.checkId, contactPersonId: current.contactPersonId, groupName: current.name, reminder: check.remindersSent },
                    now,
                  ),
                ]
              : [];
          return { next, events };
        });
        if (flagged) {
          await this.audit.record({ municipalityId: m, actor: systemActor('enrolment', m, 'activity checks'), action: 'activity-check-unanswered', subject: { kind: 'group', id: group.id }, details: {} });
        }
        steps++;
      }
    }
    return steps;
  }
}
