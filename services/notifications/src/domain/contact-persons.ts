/**
 * Who is a contact person (kontaktombud) of which group, as notifications learns it from the events it already
 * consumes — never by asking enrolment: `enrolment.contact-person-nominated.v1` (nomination → group), the end of the
 * contact person's onboarding (`onboarding.completed.v1`: approved → active; rejected/withdrawn → ended),
 * `enrolment.group-activated.v1` (the group's first approved contact person) and a police revocation
 * (`police.decision-recorded.v1`, outcome `revoked` → ended). Events of different topics may arrive in any order, so
 * each one records what it knows and an `ended` role stays ended.
 */
export type ContactPersonState = 'nominated' | 'active' | 'ended';

export interface ContactPersonRole {
  /** Null for a role known from `group-activated` only (its nomination not seen yet). */
  nominationId: string | null;
  /** Null until the nomination is seen (a decision that arrived first). */
  groupId: string | null;
  areaId: string | null;
  state: ContactPersonState;
}

export type ContactPersonFact =
  | { kind: 'nominated'; nominationId: string; groupId: string; areaId: string }
  | { kind: 'decided'; nominationId: string; outcome: 'approved' | 'rejected' | 'withdrawn' | 'revoked' }
  | { kind: 'group-activated'; groupId: string; areaId: string };

/** The roles after the fact, or null when nothing changes (a redelivered event). */
export function applyContactPersonFact(roles: readonly ContactPersonRole[], fact: ContactPersonFact): ContactPersonRole[] | null {
  const next = roles.map((r) => ({ ...r }));
  if (fact.kind === 'nominated') {
    const known = next.find((r) => r.nominationId === fact.nominationId);
    if (known) {
      if (known.groupId === fact.groupId && known.areaId === fact.areaId) return null;
      Object.assign(known, { groupId: fact.groupId, areaId: fact.areaId });
      return next;
    }
    // The group was activated with this person before their nomination arrived: the same role.
    const activated = next.find((r) => r.nominationId === null && r.groupId === fact.groupId);
    if (activated) {
      activated.nominationId = fact.nominationId;
      return next;
    }
    return [...next, { nominationId: fact.nominationId, groupId: fact.groupId, areaId: fact.areaId, state: 'nominated' }];
  }
  if (fact.kind === 'decided') {
    const state: ContactPersonState = fact.outcome === 'approved' ? 'active' : 'ended';
    const known = next.find((r) => r.nominationId === fact.nominationId);
    if (!known) return [...next, { nominationId: fact.nominationId, groupId: null, areaId: null, state }];
    if (known.state === 'ended' || known.state === state) return null;
    known.state = state;
    return next;
  }
  const ofGroup = next.filter((r) => r.groupId === fact.groupId);
  if (ofGroup.length === 0) return [...next, { nominationId: null, groupId: fact.groupId, areaId: fact.areaId, state: 'active' }];
  const waiting = ofGroup.filter((r) => r.state === 'nominated');
  if (waiting.length === 0) return null;
  for (const r of waiting) r.state = 'active';
  return next;
}

/** The groups and areas the person is an active contact person of (stored beside the roles, for the broadcast query). */
export function activeContactPersonOf(roles: readonly ContactPersonRole[]): { contactPersonGroupIds: string[]; contactPersonAreaIds: string[] } {
  const active = roles.filter((r) => r.state === 'active' && r.groupId !== null);
  return {
    contactPersonGroupIds: [...new Set(active.map((r) => r.groupId!))],
    contactPersonAreaIds: [...new Set(active.flatMap((r) => (r.areaId ? [r.areaId] : [])))],
  };
}

/** Is the person an active contact person of the group? */
export function isContactPersonOf(recipient: { contactPersonGroupIds?: readonly string[] }, groupId: string): boolean {
  return (recipient.contactPersonGroupIds ?? []).includes(groupId);
}
