import type { Group } from './group';

/**
 * Grannsamverkan street signs (skyltar) of a group. Signs are only put up for active groups. Members and contact
 * persons report a damaged or missing sign from their link; the coordinator sees the replacement list and records
 * the replacement. Kept in the group's document (a group has a handful of signs).
 */
export type SignCondition = 'ok' | 'damaged' | 'missing';

export interface SignReport {
  at: Date;
  kind: 'damaged' | 'missing';
  note: string | null;
  /** `resident:<personId>` or `dev:<municipality>` (staff). */
  reportedBy: string;
}

export interface Sign {
  id: string;
  /** Where it stands, as people describe it: "Korsningen Storgatan/Kyrkvägen, vid busshållplatsen". */
  place: string;
  /** YYYY-MM-DD, when it was put up (or last replaced). */
  putUpAt: string | null;
  condition: SignCondition;
  reports: SignReport[];
}

export class SignRuleBroken extends Error {
  constructor(readonly code: 'signs_need_active_group' | 'unknown_sign', message: string) {
    super(message);
  }
}

function history(group: Group, at: Date, action: string, actor: string, details: Record<string, string | null>): Group {
  return { ...group, history: [...group.history, { at, action, actor, details }].slice(-500) };
}

export function addSign(group: Group, sign: { id: string; place: string; putUpAt: string | null }, now: Date, actor: string): Group {
  if (group.status !== 'active') throw new SignRuleBroken('signs_need_active_group', 'signs are only put up for active groups');
  const added: Sign = { ...sign, condition: 'ok', reports: [] };
  const next = { ...group, signs: { ...group.signs, [sign.id]: added }, signsUp: group.signsUp || sign.putUpAt !== null };
  return history(next, now, 'sign-added', actor, { signId: sign.id, place: sign.place });
}

export function reportSign(group: Group, signId: string, report: { kind: 'damaged' | 'missing'; note: string | null }, now: Date, reportedBy: string): Group {
  const sign = group.signs[signId];
  if (!sign) throw new SignRuleBroken('unknown_sign', `group ${group.id} has no sign ${signId}`);
  const updated: Sign = { ...sign, condition: report.kind, reports: [...sign.reports, { at: now, kind: report.kind, note: report.note, reportedBy }].slice(-50) };
  return history({ ...group, signs: { ...group.signs, [signId]: updated } }, now, `sign-reported-${report.kind}`, reportedBy, { signId });
}

/** The coordinator replaced (or repaired) the sign, or corrected where it stands. */
export function updateSign(group: Group, signId: string, change: { place?: string | undefined; putUpAt?: string | null | undefined; condition?: 'ok' | undefined }, now: Date, actor: string): Group {
  const sign = group.signs[signId];
  if (!sign) throw new SignRuleBroken('unknown_sign', `group ${group.id} has no sign ${signId}`);
  const updated: Sign = {
    ...sign,
    place: change.place ?? sign.place,
    putUpAt: change.putUpAt === undefined ? sign.putUpAt : change.putUpAt,
    condition: change.condition ?? sign.condition,
  };
  return history({ ...group, signs: { ...group.signs, [signId]: updated } }, now, change.condition === 'ok' ? 'sign-replaced' : 'sign-edited', actor, { signId });
}

export function needsReplacement(sign: Sign): boolean {
  return sign.condition !== 'ok';
}
