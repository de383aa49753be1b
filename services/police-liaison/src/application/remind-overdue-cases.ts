import { randomUUID } from 'node:crypto';
import { createEvent, PoliceApprovalOverdueV1 } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import { overdueCutoff, waitingOf } from '../domain/approval-time';
import type { ApprovalTargets, DecisionAudit, OverdueCases } from './ports';

/** The action of a reminder's record in the audit trail. */
export const OVERDUE_REMINDER_SENT = 'approval-overdue-reminder';

/** The housekeeping acting on its own (the audit record's actor). */
const HOUSEKEEPING = { subject: 'system:police-liaison', name: 'housekeeping', role: 'system' } as const;

/**
 * Housekeeping: every pending case that has waited its municipality's target (`police.approvalTargetDays`) gets ONE
 * reminder — police.approval-overdue.v1, which notifications mails to the police area's mailbox and the coordinator —
 * and never another, however long it waits or however many instances run this. The reminder is recorded by a
 * conditional single-document update (`overdueReminderSentAt: null → now`, with the event in the case's outbox), so
 * of two instances finding the same case one writes and the other skips it; the writer audits it.
 */
export class RemindOverdueCases {
  constructor(
    private readonly cases: OverdueCases,
    private readonly targets: Pick<ApprovalTargets, 'municipalityIds' | 'targetDaysOf'>,
    private readonly audit: DecisionAudit,
    private readonly clock: Clock = systemClock,
    private readonly batchSize = 100,
  ) {}

  /** One round over every municipality; returns how many reminders this instance sent. */
  async runOnce(): Promise<number> {
    const now = this.clock();
    let sent = 0;
    for (const municipalityId of this.targets.municipalityIds()) {
      const targetDays = this.targets.targetDaysOf(municipalityId);
      // Claimed cases drop out of the query, so each page is new work; a page with nothing this instance won means
      // another instance is working through the same cases (or they were decided): stop, the next round sees the rest.
      for (;;) {
        const due = await this.cases.overdueWithoutReminder(municipalityId, overdueCutoff(targetDays, now), this.batchSize);
        let won = 0;
        for (const c of due) {
          const waiting = waitingOf(c.openedAt, targetDays, now);
          const correlationId = randomUUID();
          const event = createEvent(
            PoliceApprovalOverdueV1,
            { municipalityId, correlationId, causationId: null },
            {
              caseId: c.id,
              policeAreaId: c.policeAreaId,
              instanceId: c.instanceId,
              stepId: c.stepId,
              attempt: c.attempt,
              waitingSince: waiting.waitingSince,
              targetDays,
              daysWaiting: waiting.daysWaiting,
            },
            now,
          );
          if (!(await this.cases.markReminderSent(c.id, now.toISOString(), [event]))) continue;
          won++;
          await this.audit.record({
            actor: { ...HOUSEKEEPING, scope: municipalityId },
            action: OVERDUE_REMINDER_SENT,
            subject: { kind: 'police-case', id: c.id },
            municipalityId,
            policeAreaId: c.policeAreaId,
            correlationId,
            details: { instanceId: c.instanceId, stepId: c.stepId, attempt: c.attempt, targetDays, daysWaiting: waiting.daysWaiting, eventId: event.eventId },
          });
        }
        sent += won;
        if (due.length < this.batchSize || won === 0) break;
      }
    }
    return sent;
  }
}
