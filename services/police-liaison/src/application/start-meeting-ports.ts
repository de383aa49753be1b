import type { EventEnvelope } from '@trygg/contracts';
import type { AuditActor } from '@trygg/audit';
import type { StartMeeting } from '../domain/start-meeting';

/** A group known from enrolment.contact-person-nominated.v1: where it is and whose police area it belongs to. */
export interface KnownGroup {
  groupId: string;
  municipalityId: string;
  areaId: string;
  policeAreaId: string;
  /** The group's nominated contact persons (their onboarding's subject id and personId). */
  nominations: Array<{ nominationId: string; personId: string }>;
}

export const GROUP_DIRECTORY = Symbol('GroupDirectory');
export interface GroupDirectory {
  /** Records (or refreshes) a group and adds the nomination; idempotent. */
  record(group: Omit<KnownGroup, 'nominations'>, nomination: { nominationId: string; personId: string }): Promise<void>;
  find(groupId: string): Promise<KnownGroup | undefined>;
  byNomination(nominationId: string): Promise<KnownGroup | undefined>;
}

/**
 * A contact person's `meeting-attendance` step with `meeting: start`, requested by onboarding: answered by
 * police-liaison (step-completed, approved, with the meeting's day) when the person is recorded at the group's start
 * meeting. One per request (instance, step, attempt).
 */
export interface MeetingStep {
  id: string;
  municipalityId: string;
  instanceId: string;
  stepId: string;
  attempt: number;
  nominationId: string;
  /** null once the person is erased. */
  personId: string | null;
  status: 'pending' | 'answered';
  answeredBy: string | null;
}

export const MEETING_STEP_STORE = Symbol('MeetingStepStore');
export interface MeetingStepStore {
  /** Stores a request once (false when it is known already), with the events of an answer given at once. */
  insert(step: MeetingStep, events: readonly EventEnvelope[]): Promise<boolean>;
  /** The pending steps of these nominations. */
  pendingOf(municipalityId: string, nominationIds: readonly string[]): Promise<MeetingStep[]>;
  markAnswered(ids: readonly string[], answeredBy: string): Promise<void>;
  /** Erasure: the person's steps keep their ids but no longer name them; how many changed. */
  forgetPerson(municipalityId: string, personId: string): Promise<number>;
}

export const MEETING_STORE = Symbol('MeetingStore');
/**
 * Start meetings with their outbox (one document per meeting; every write conditional on its version and decided
 * again when another write won). Ids and token hashes are looked up without scope; callers check the scope.
 */
export interface MeetingStore {
  insert(meeting: StartMeeting, events: readonly EventEnvelope[]): Promise<boolean>;
  /** Read → decide → conditional write; undefined when there is no such meeting. */
  change<R>(id: string, decide: (current: StartMeeting) => { meeting: StartMeeting; events: readonly EventEnvelope[]; result: R } | { result: R }): Promise<R | undefined>;
  find(id: string): Promise<StartMeeting | undefined>;
  ofGroup(groupId: string): Promise<StartMeeting[]>;
  byTokenHash(tokenHash: string): Promise<StartMeeting | undefined>;
  /** The ids of the municipality's meetings that invited the person or list them as attending (erasure). */
  idsOfPerson(municipalityId: string, personId: string): Promise<string[]>;
}

/** Who acts on a group's start meeting, from the signed-in token. */
export type MeetingActor =
  | { kind: 'police'; subject: string; policeAreaId: string; audit: AuditActor }
  | { kind: 'staff'; subject: string; municipalityId: string; audit: AuditActor };

/** The group is unknown, or not the actor's (another police area, another municipality): 404, never data. */
export class GroupNotFound extends Error {}
/** The meeting is unknown, or not the actor's: 404. */
export class MeetingNotFound extends Error {}
/** The group already has a meeting that is scheduled or changed: change that one instead (409). */
export class MeetingAlreadyScheduled extends Error {
  constructor(readonly meetingId: string) {
    super(`the group already has a start meeting (${meetingId}); change or cancel it`);
  }
}

/** Police of the group's police area, or staff of its municipality. */
export function mayActOn(actor: MeetingActor, group: Pick<KnownGroup, 'municipalityId' | 'policeAreaId'>): boolean {
  return actor.kind === 'police' ? actor.policeAreaId === group.policeAreaId : actor.municipalityId === group.municipalityId;
}

export const CONTACT_PERSON_NAMES = Symbol('ContactPersonNames');
/**
 * The name a contact person gave for the police review, from their police-approval case (the subject field `name`
 * of the case's request; removed there when the person is erased), and whether they have protected identity.
 */
export interface ContactPersonNames {
  of(municipalityId: string, personId: string): Promise<{ name: string | null; protectedIdentity: boolean }>;
}
