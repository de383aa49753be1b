import type { FieldProblem } from './observation';

/**
 * An area message (grannsamverkansinformation) an officer asked for: to the recipients of chosen areas or groups of
 * one municipality of their police area, sent by notifications as a broadcast whose id is this message's id. Pure
 * domain: no framework, no database.
 */
export type AreaMessageCategory = 'urgent' | 'information';
export type AreaMessageChannel = 'email' | 'sms';

export interface AreaMessage {
  id: string;
  municipalityId: string;
  policeAreaId: string;
  subject: string;
  body: string;
  category: AreaMessageCategory;
  channels: AreaMessageChannel[];
  areaIds: string[];
  groupIds: string[];
  /** The officer (`issuer#sub`) and their display name. */
  requestedBy: { officerId: string; name: string };
  requestedAt: string;
}

/** What the officer sent (already shaped by the route's schema). */
export interface AreaMessageRequest {
  municipalityId: string;
  subject: string;
  body: string;
  urgent: boolean;
  channels: AreaMessageChannel[];
  areaIds?: string[] | undefined;
  groupIds?: string[] | undefined;
}

export class AreaMessageInvalid extends Error {
  constructor(readonly fields: FieldProblem[]) {
    super(`invalid area message: ${fields.map((f) => f.field).join(', ')}`);
    this.name = 'AreaMessageInvalid';
  }
}

export const AREA_MESSAGE_SUBJECT_MAX = 150;
export const AREA_MESSAGE_BODY_MAX = 2000;

/**
 * A new area message, or AreaMessageInvalid naming every bad field: a subject and a body (trimmed, not empty, within
 * notifications' limits), at least one channel, at least one area or group. Where the targets may be (the officer's
 * police area) is checked by the use case, which knows the areas and groups.
 */
export function requestAreaMessage(id: string, policeAreaId: string, request: AreaMessageRequest, by: { officerId: string; name: string }, now: Date): AreaMessage {
  const problems: FieldProblem[] = [];
  const subject = request.subject.replace(/\s+/g, ' ').trim();
  const body = request.body.replace(/\r\n/g, '\n').trim();
  if (!subject) problems.push({ field: 'subject', message: 'must not be empty' });
  else if (subject.length > AREA_MESSAGE_SUBJECT_MAX) problems.push({ field: 'subject', message: `must be at most ${AREA_MESSAGE_SUBJECT_MAX} characters` });
  if (!body) problems.push({ field: 'body', message: 'must not be empty' });
  else if (body.length > AREA_MESSAGE_BODY_MAX) problems.push({ field: 'body', message: `must be at most ${AREA_MESSAGE_BODY_MAX} characters` });
  const channels = [...new Set(request.channels)];
  if (channels.length === 0) problems.push({ field: 'channels', message: 'choose email, SMS or both' });
  const areaIds = [...new Set(request.areaIds ?? [])];
  const groupIds = [...new Set(request.groupIds ?? [])];
  if (areaIds.length + groupIds.length === 0) problems.push({ field: 'areaIds', message: 'name at least one area or group' });
  if (problems.length) throw new AreaMessageInvalid(problems);
  return {
    id,
    municipalityId: request.municipalityId,
    policeAreaId,
    subject,
    body,
    category: request.urgent ? 'urgent' : 'information',
    channels,
    areaIds,
    groupIds,
    requestedBy: by,
    requestedAt: now.toISOString(),
  };
}
