import { PROTECTED_PERSON } from '@trygg/values';
import { isMessageKey, type Translate } from '../i18n';

/**
 * A group's history in the page's language. Enrolment records each change with a machine name for the action
 * (`group-created`, `member-joined`, `sign-reported-damaged`, …: services/enrolment/src/domain/group.ts, sign.ts,
 * activity-check.ts) and for the actor (`resident`, `resident:<personId>`, `onboarding`, `system`, or a staff
 * member's display name). Every action it records has a text (`staff.history.action.<action>`); one added later
 * shows a generic text, never its machine name. A known machine actor becomes words; any other actor is a staff
 * member's name, shown as it is.
 */

export interface HistoryEntry {
  at: string;
  action: string;
  actor: string;
  details: Record<string, string | number | boolean | null>;
}

/** What the page knows to name a person or a sign an entry is about. */
export interface HistoryContext {
  members: ReadonlyArray<{ memberId: string; personId: string; name: string | null }>;
  nominations: ReadonlyArray<{ nominationId: string; name: string | null }>;
  signs: ReadonlyArray<{ id: string; place: string }>;
}

export interface HistoryLine {
  at: string;
  /** The action in words. */
  what: string;
  /** Who or what it was about (a member's name, a sign's place), when the page can tell. */
  about: string | null;
  /** Who acted, in words. */
  who: string;
}

const SYSTEM_ACTORS: Readonly<Record<string, string>> = {
  resident: 'staff.history.actor.resident',
  onboarding: 'staff.history.actor.onboarding',
  system: 'staff.history.actor.system',
  enrolment: 'staff.history.actor.system',
};

function shownName(name: string | null | undefined, t: Translate): string | null {
  if (!name) return null;
  return name === PROTECTED_PERSON ? t('staff.protectedPerson') : name;
}

export function actionText(action: string, t: Translate): string {
  const key = `staff.history.action.${action}`;
  return isMessageKey(key) ? t(key) : t('staff.history.action.other');
}

export function actorText(actor: string, context: Pick<HistoryContext, 'members'>, t: Translate): string {
  const known = SYSTEM_ACTORS[actor];
  if (known) return t(known);
  if (actor.startsWith('resident:')) {
    const personId = actor.slice('resident:'.length);
    const name = shownName(context.members.find((m) => m.personId === personId)?.name, t);
    return name ? t('staff.history.actor.residentNamed', { name }) : t('staff.history.actor.resident');
  }
  // A coordinator acting on the development server before sign-in existed.
  if (actor.startsWith('dev:')) return t('staff.history.actor.staff');
  return actor.trim() || t('staff.history.actor.staff');
}

function aboutText(entry: HistoryEntry, context: HistoryContext, t: Translate): string | null {
  const d = entry.details;
  const memberId = typeof d['memberId'] === 'string' ? d['memberId'] : typeof d['toMemberId'] === 'string' ? d['toMemberId'] : null;
  if (memberId) return shownName(context.members.find((m) => m.memberId === memberId)?.name, t);
  if (typeof d['nominationId'] === 'string') return shownName(context.nominations.find((n) => n.nominationId === d['nominationId'])?.name, t);
  if (typeof d['signId'] === 'string' && entry.action.startsWith('sign-')) return context.signs.find((s) => s.id === d['signId'])?.place ?? (typeof d['place'] === 'string' ? d['place'] : null);
  return null;
}

/** The history as the page shows it, in the order it happened. */
export function historyLines(history: readonly HistoryEntry[], context: HistoryContext, t: Translate): HistoryLine[] {
  return history.map((entry) => ({ at: entry.at, what: actionText(entry.action, t), about: aboutText(entry, context, t), who: actorText(entry.actor, context, t) }));
}

/**
 * "Väntar på polisen": which nominations the group waits for — "Ja: Kim Kontakt, nominerad 2026-11-02" — or "Nej".
 * An active group can wait too (a deputy or a hand-over is nominated); a bare "Ja" on it reads as if the group did.
 * Without `pendingNominations` (an older enrolment) the bare yes/no stays.
 */
export function waitingText(
  group: { waitingForPolice: boolean; pendingNominations?: ReadonlyArray<{ name: string | null; nominatedAt: string }> | undefined },
  t: Translate,
  day: (iso: string) => string | null,
): string {
  const pending = group.pendingNominations ?? [];
  if (!group.waitingForPolice && pending.length === 0) return t('staff.no');
  if (pending.length === 0) return t('staff.yes');
  const items = pending.map((n) => t('staff.group.waiting.item', { name: shownName(n.name, t) ?? t('staff.protected'), date: day(n.nominatedAt) ?? '–' }));
  return `${t('staff.yes')}: ${items.join('; ')}`;
}
