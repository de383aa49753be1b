import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@trygg/audit';
import { createEvent, type EventEnvelope, PoliceAreaMessageRequestedV1 } from '@trygg/contracts';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { type AreaMessage, AreaMessageInvalid, type AreaMessageRequest, requestAreaMessage } from '../domain/area-message';
import type { FieldProblem } from '../domain/observation';
import type { OfficerContext } from './observations';
import type { GroupProjectionStore } from './project-groups';
import type { GroupDirectory } from './start-meeting-ports';

/** The officer's area messages, scoped by police area. */
export interface AreaMessageStore {
  /** Stores a new request with police.area-message-requested.v1 in its outbox (one write). */
  insert(message: AreaMessage, events: EventEnvelope[]): Promise<void>;
  /** The area's requests, newest first, at most `limit`. */
  ofArea(policeAreaId: string, limit: number): Promise<AreaMessage[]>;
}
export const AREA_MESSAGE_STORE = Symbol('AreaMessageStore');

/** A municipality's grannsamverkan areas (areas.yaml) with the police area each belongs to. */
export interface AreaMessageTargets {
  /** undefined: the municipality is unknown. */
  areasOf(municipalityId: string): Array<{ id: string; name: string; policeAreaId: string }> | undefined;
  municipalityName(municipalityId: string): string | undefined;
}
export const AREA_MESSAGE_TARGETS = Symbol('AreaMessageTargets');

/** The municipality is not one of the officer's police area (answered as 404, as another area's case). */
export class MunicipalityNotInArea extends Error {
  constructor(readonly municipalityId: string) {
    super(`municipality ${municipalityId} is not in the officer's police area`);
    this.name = 'MunicipalityNotInArea';
  }
}

export const AREA_MESSAGE_AUDIT = { requested: 'area-message-requested' } as const;

const LIST_LIMIT = 200;

/**
 * The officer asks for an area message to areas or groups of one municipality of their police area: validated,
 * the targets checked against the police area (an area or group of another police area is refused by name),
 * stored with police.area-message-requested.v1 in the same write (notifications sends it as a broadcast with the
 * message's id), and audited. Answers at once: the sending happens in notifications.
 */
export class RequestAreaMessage {
  constructor(
    private readonly store: AreaMessageStore,
    private readonly targets: AreaMessageTargets,
    private readonly groups: GroupDirectory,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(officer: OfficerContext, request: AreaMessageRequest): Promise<AreaMessage> {
    const { municipalityId } = request;
    const areas = this.targets.areasOf(municipalityId);
    if (!officer.municipalityIds.includes(municipalityId) || !areas) throw new MunicipalityNotInArea(municipalityId);
    const now = this.clock();
    const problems: FieldProblem[] = [];
    let message: AreaMessage | undefined;
    try {
      message = requestAreaMessage(randomUUID(), officer.policeAreaId, request, { officerId: officer.actor.subject, name: officer.actor.name || officer.actor.subject }, now);
    } catch (error) {
      if (!(error instanceof AreaMessageInvalid)) throw error;
      problems.push(...error.fields);
    }
    const own = new Set(areas.filter((a) => a.policeAreaId === officer.policeAreaId).map((a) => a.id));
    const foreignAreas = [...new Set(request.areaIds ?? [])].filter((id) => !own.has(id));
    if (foreignAreas.length) problems.push({ field: 'areaIds', message: `not an area of ${municipalityId} in your police area: ${foreignAreas.join(', ')}` });
    for (const groupId of new Set(request.groupIds ?? [])) {
      const group = await this.groups.find(groupId);
      if (!group || group.municipalityId !== municipalityId || group.policeAreaId !== officer.policeAreaId) {
        problems.push({ field: 'groupIds', message: `not a group of ${municipalityId} in your police area: ${groupId}` });
      }
    }
    if (problems.length || !message) throw new AreaMessageInvalid(problems);
    const event = createEvent(
      PoliceAreaMessageRequestedV1,
      { municipalityId, correlationId: officer.correlationId, causationId: null },
      {
        messageId: message.id,
        policeAreaId: message.policeAreaId,
        sender: message.requestedBy,
        filter: { ...(message.areaIds.length ? { areaIds: message.areaIds } : {}), ...(message.groupIds.length ? { groupIds: message.groupIds } : {}) },
        subject: message.subject,
        body: message.body,
        category: message.category,
        channels: message.channels,
        audience: message.audience,
        delivery: message.delivery,
        requestedAt: message.requestedAt,
      },
      now,
    );
    await this.store.insert(message, [event]);
    await this.audit.record({
      actor: officer.actor,
      action: AREA_MESSAGE_AUDIT.requested,
      subject: { kind: 'area-message', id: message.id },
      municipalityId,
      policeAreaId: officer.policeAreaId,
      correlationId: officer.correlationId,
      details: {
        category: message.category,
        channels: message.channels.join(','),
        areas: message.areaIds.join(','),
        groups: message.groupIds.join(','),
        subjectLength: message.subject.length,
        bodyLength: message.body.length,
        eventId: event.eventId,
      },
    });
    return message;
  }
}

/** The officer's area messages (their police area's, by any officer of it), newest first; and where they may send. */
export class ListAreaMessages {
  constructor(
    private readonly store: AreaMessageStore,
    private readonly targets: AreaMessageTargets,
    private readonly groups?: Pick<GroupProjectionStore, 'ofPoliceArea'>,
  ) {}

  execute(officer: OfficerContext): Promise<AreaMessage[]> {
    return this.store.ofArea(officer.policeAreaId, LIST_LIMIT);
  }

  /**
   * Each municipality of the officer's police area with its areas belonging to that police area, and the groups
   * police-liaison's projection places in each area (ids only: the officer's message page names a group's
   * acknowledgements by its area).
   */
  async targetsOf(officer: OfficerContext): Promise<Array<{ id: string; name: string; areas: Array<{ id: string; name: string; groupIds: string[] }> }>> {
    const groups = this.groups ? await this.groups.ofPoliceArea(officer.policeAreaId) : [];
    const groupIdsOf = (municipalityId: string, areaId: string) => groups.filter((g) => g.municipalityId === municipalityId && g.areaId === areaId).map((g) => g.groupId).sort();
    return officer.municipalityIds.flatMap((id) => {
      const areas = this.targets.areasOf(id);
      if (!areas) return [];
      return [{ id, name: this.targets.municipalityName(id) ?? id, areas: areas.filter((a) => a.policeAreaId === officer.policeAreaId).map((a) => ({ id: a.id, name: a.name, groupIds: groupIdsOf(id, a.id) })) }];
    });
  }
}
