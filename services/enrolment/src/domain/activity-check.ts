import type { Group } from './group';

/**
 * Keeping groups alive: groups fade when lists go stale and nobody follows up. Once per interval each active group's
 * contact person is asked "are you still active? is your list current?" with one-click answers; no answer after the
 * configured reminders flags the group to the coordinator. The rules are data (`activity-check.yaml`).
 */
export interface ActivityCheckRules {
  intervalDays: number;
  reminderAfterDays: number;
  reminders: number;
}

export type ActivityAnswer = 'active' | 'active-list-outdated' | 'not-active';

export interface ActivityCheck {
  checkId: string;
  startedAt: Date;
  /** 0 = the first request; 1, 2 … = reminders. */
  remindersSent: number;
  lastSentAt: Date;
  answeredAt: Date | null;
  answer: ActivityAnswer | null;
  flaggedAt: Date | null;
}

/** `no-contact-person`: the police revoked the main contact person's approval (domain/group.ts `revokeNomination`). */
export type FollowUpReason = 'no-answer' | 'not-active' | 'list-outdated' | 'no-contact-person';

export type CheckStep = { kind: 'none' } | { kind: 'start' } | { kind: 'remind'; reminder: number } | { kind: 'flag' };

const DAY = 86_400_000;

export function isOpen(check: ActivityCheck): boolean {
  return check.answeredAt === null && check.flaggedAt === null;
}

/** What the yearly check should do with this group now. */
export function nextCheckStep(group: Group, rules: ActivityCheckRules, now: Date): CheckStep {
  if (group.status !== 'active' || group.contactPersonId === null) return { kind: 'none' };
  const check = group.activityCheck;
  if (check && isOpen(check)) {
    if (now.getTime() < check.lastSentAt.getTime() + rules.reminderAfterDays * DAY) return { kind: 'none' };
    return check.remindersSent < rules.reminders ? { kind: 'remind', reminder: check.remindersSent + 1 } : { kind: 'flag' };
  }
  let since = (group.lastActiveConfirmedAt ?? group.activatedAt ?? group.createdAt).getTime();
  if (check) since = Math.max(since, check.startedAt.getTime());
  return now.getTime() >= since + rules.intervalDays * DAY ? { kind: 'start' } : { kind: 'none' };
}

export function applyCheckStep(group: Group, step: CheckStep, now: Date, newCheckId: () => string): Group {
  const log = (action: string, details: Record<string, string | number | null>) => ({ at: now, action, actor: 'system', details });
  switch (step.kind) {
    case 'none':
      return group;
    case 'start': {
      const checkId = newCheckId();
      return {
        ...group,
        activityCheck: { checkId, startedAt: now, remindersSent: 0, lastSentAt: now, answeredAt: null, answer: null, flaggedAt: null },
        history: [...group.history, log('activity-check-sent', { checkId })].slice(-500),
      };
    }
    case 'remind': {
      const check = group.activityCheck;
      if (!check || !isOpen(check)) return group;
      return {
        ...group,
        activityCheck: { ...check, remindersSent: step.reminder, lastSentAt: now },
        history: [...group.history, log('activity-check-reminded', { checkId: check.checkId, reminder: step.reminder })].slice(-500),
      };
    }
    case 'flag': {
      const check = group.activityCheck;
      if (!check || !isOpen(check)) return group;
      return {
        ...group,
        activityCheck: { ...check, flaggedAt: now },
        followUp: { reason: 'no-answer', since: now },
        history: [...group.history, log('activity-check-unanswered', { checkId: check.checkId })].slice(-500),
      };
    }
  }
}

/** The contact person answered from the email. Only the open check can be answered, once. */
export function answerCheck(group: Group, checkId: string, answer: ActivityAnswer, now: Date, actor: string): { group: Group; changed: boolean } {
  const check = group.activityCheck;
  if (!check || check.checkId !== checkId || check.answeredAt !== null) return { group, changed: false };
  const active = answer !== 'not-active';
  const next: Group = {
    ...group,
    activityCheck: { ...check, answeredAt: now, answer },
    lastActiveConfirmedAt: active ? now : group.lastActiveConfirmedAt,
    followUp: answer === 'active' ? null : { reason: answer === 'not-active' ? 'not-active' : 'list-outdated', since: now },
    history: [...group.history, { at: now, action: `activity-check-answered`, actor, details: { checkId, answer } }].slice(-500),
  };
  return { group: next, changed: true };
}
