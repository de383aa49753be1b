import type { OBSERVATION_ACTIVITIES } from '@trygg/contracts';

/** The kind of activity seen (the fixed list of @trygg/contracts: behaviour, never looks). */
export type ObservationActivity = (typeof OBSERVATION_ACTIVITIES)[number];

/**
 * An observation (iakttagelse) from a neighbourhood-watch group, reported to the group's police area: what happened
 * (a kind of activity from a fixed list and a description — behaviour first), when and where. The reporter is a
 * person id only: contact details stay in enrolment and notifications. Pure domain: no framework, no database.
 */
export type ObservationStatus = 'open' | 'read' | 'answered';

export type ObservationPlace = { kind: 'address'; address: string } | { kind: 'point'; lat: number; lng: number };

export interface Observation {
  id: string;
  municipalityId: string;
  policeAreaId: string;
  groupId: string;
  areaId: string;
  /** null once the reporter is erased: the observation stays, unlinked from anyone (and can no longer be answered to them). */
  reporterId: string | null;
  occurredAt: string;
  receivedAt: string;
  place: ObservationPlace;
  activity: ObservationActivity;
  description: string;
  status: ObservationStatus;
  readAt: string | null;
  readBy: string | null;
  answer: { text: string; answeredAt: string; answeredBy: string } | null;
  /** The reporter was erased (their link and their name are gone from the observation). */
  reporterErased?: boolean;
}

/** What the web sends (already shaped by the route's schema); the rules below are the ones that need a clock or both fields. */
export interface ObservationReport {
  municipalityId: string;
  personId: string;
  groupId: string;
  areaId: string;
  occurredAt: string;
  address?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  activity: ObservationActivity;
  description: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** The report breaks a rule: every bad field named (answered as 400). */
export class ObservationInvalid extends Error {
  constructor(readonly fields: FieldProblem[]) {
    super(`invalid observation: ${fields.map((f) => f.field).join(', ')}`);
    this.name = 'ObservationInvalid';
  }
}

export class ObservationAlreadyAnswered extends Error {
  constructor(readonly observationId: string) {
    super(`observation ${observationId} is already answered`);
    this.name = 'ObservationAlreadyAnswered';
  }
}

/** Field names that would carry a photo or a file: refused, whatever they hold — observations collect none. */
const FILE_FIELDS = /^(photos?|images?|pictures?|files?|attachments?|uploads?|media|video|bild(er)?|foto|fil(er)?)$/i;

/** Fields of a request body that would carry a photo or a file (each answered as "not collected"). */
export function fileFieldProblems(body: unknown): FieldProblem[] {
  if (!body || typeof body !== 'object') return [];
  return Object.keys(body)
    .filter((key) => FILE_FIELDS.test(key))
    .map((field) => ({ field, message: 'not collected: an observation takes no photos or files' }));
}

/** A little slack for the reporter's clock running ahead of ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * A new observation from a report, or ObservationInvalid: the time may not be in the future, and the place is an
 * address or a map point (both coordinates), never both, never neither.
 */
export function receiveObservation(id: string, policeAreaId: string, report: ObservationReport, now: Date): Observation {
  const problems: FieldProblem[] = [];
  const occurred = new Date(report.occurredAt);
  if (Number.isNaN(occurred.getTime())) problems.push({ field: 'occurredAt', message: 'must be a date and time' });
  else if (occurred.getTime() > now.getTime() + CLOCK_SKEW_MS) problems.push({ field: 'occurredAt', message: 'must not be in the future' });
  const hasPoint = report.lat !== undefined || report.lng !== undefined;
  const hasAddress = report.address !== undefined && report.address.trim() !== '';
  let place: ObservationPlace | undefined;
  if (hasAddress && hasPoint) problems.push({ field: 'address', message: 'give an address or a map point, not both' });
  else if (hasAddress) place = { kind: 'address', address: report.address!.trim() };
  else if (report.lat !== undefined && report.lng !== undefined) place = { kind: 'point', lat: report.lat, lng: report.lng };
  else if (hasPoint) problems.push({ field: report.lat === undefined ? 'lat' : 'lng', message: 'a map point needs both latitude and longitude' });
  else problems.push({ field: 'address', message: 'give an address or a map point' });
  const description = report.description.trim();
  if (!description) problems.push({ field: 'description', message: 'must not be empty' });
  if (problems.length || !place) throw new ObservationInvalid(problems);
  return {
    id,
    municipalityId: report.municipalityId,
    policeAreaId,
    groupId: report.groupId,
    areaId: report.areaId,
    reporterId: report.personId,
    occurredAt: occurred.toISOString(),
    receivedAt: now.toISOString(),
    place,
    activity: report.activity,
    description,
    status: 'open',
    readAt: null,
    readBy: null,
    answer: null,
  };
}

/** The officer opened it: open → read; a read or answered observation keeps its state (undefined: nothing changes). */
export function markRead(observation: Observation, by: string, now: Date): Observation | undefined {
  if (observation.status !== 'open') return undefined;
  return { ...observation, status: 'read', readAt: now.toISOString(), readBy: by };
}

/** The officer answers the reporter, once (it is sent to them by email); answering also marks it read. */
export function answer(observation: Observation, text: string, by: string, now: Date): Observation {
  if (observation.answer) throw new ObservationAlreadyAnswered(observation.id);
  const trimmed = text.trim();
  if (!trimmed) throw new ObservationInvalid([{ field: 'answer', message: 'must not be empty' }]);
  const at = now.toISOString();
  return { ...observation, status: 'answered', readAt: observation.readAt ?? at, readBy: observation.readBy ?? by, answer: { text: trimmed, answeredAt: at, answeredBy: by } };
}

/** Newest first (by when it happened, then when it came in). */
export function newestFirst(a: Observation, b: Observation): number {
  return b.occurredAt.localeCompare(a.occurredAt) || b.receivedAt.localeCompare(a.receivedAt);
}

/** What replaces the reporter's name in an erased reporter's description. */
export const ERASED_NAME = '[borttaget]';

/**
 * Erasure of the reporter: the link to them goes (nobody can be answered or found by it any more), and any of the
 * names they were known by (e.g. the name of their police review) is blanked out of the description. The rest of
 * the text — what happened, where — stays: it is about the event, not the reporter. `changed: false` when there is
 * nothing of them left.
 */
export function forgetReporter(observation: Observation, personId: string, names: readonly string[] = []): { observation: Observation; changed: boolean } {
  if (observation.reporterId !== personId) return { observation, changed: false };
  let description = observation.description;
  // The whole name first, then each part of it of three letters or more, as a word of its own ("Anna", not "Annan").
  const words = names.flatMap((n) => [n.trim(), ...n.trim().split(/\s+/)]).filter((w) => w.length >= 3);
  for (const word of [...new Set(words)].sort((a, b) => b.length - a.length)) {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    description = description.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), ERASED_NAME);
  }
  return { observation: { ...observation, reporterId: null, description, reporterErased: true }, changed: true };
}
