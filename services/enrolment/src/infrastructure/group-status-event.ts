import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope, GroupStatusChangedV1 } from '@trygg/contracts';
import { currentCorrelationId } from '@trygg/observability';
import type { Group } from '../domain/group';

/** personIds of the group's approved contact persons now: the main one and the deputies, sorted (a set). */
export function activeContactPersonIds(group: Group): string[] {
  const ids = new Set(Object.values(group.members).filter((m) => m.role === 'contact-person' || m.role === 'deputy').map((m) => m.personId));
  if (group.contactPersonId) ids.add(group.contactPersonId);
  return [...ids].sort();
}

/**
 * enrolment.group-status-changed.v1 when a write creates a group (`before` null) or changes its status or its set of
 * active contact persons; nothing otherwise. Caused by the write's first event when it has one (same correlation), else
 * by the request or event being handled. `now`: the write's time, the snapshot's `occurredAt` (newest wins downstream).
 */
export function groupStatusEvent(before: Group | null, after: Group, causes: readonly EventEnvelope[], now: Date = new Date()): EventEnvelope | null {
  const contactPersonIds = activeContactPersonIds(after);
  if (before && before.status === after.status && activeContactPersonIds(before).join(',') === contactPersonIds.join(',')) return null;
  const cause = causes[0];
  return createEvent(
    GroupStatusChangedV1,
    { municipalityId: after.municipalityId, correlationId: cause?.correlationId ?? currentCorrelationId() ?? randomUUID(), causationId: cause?.eventId ?? null },
    { groupId: after.id, areaId: after.areaId, status: after.status, contactPersonIds },
    now,
  );
}
