/**
 * A safety round (trygghetsrond): a planned walk through one district of a municipality with invited participants
 * from several organisations, who answer the invitation yes/no from a link and record findings during the round.
 * Pure domain: every rule returns the next state or names what was refused; storage and links are elsewhere.
 *
 * `planned` → `held` (the round took place; its public protocol can be shown) → `followed-up` (the follow-up meeting
 * reviewed the findings). Participants are invited and answer only while the round is planned.
 */
export type RoundStatus = 'planned' | 'held' | 'followed-up';

/** Who takes part: the organisations the municipalities invite (issue 15). */
export const ORGANISATION_KINDS = ['police', 'housing-company', 'planning-office', 'neighbourhood-watch-group', 'walkers', 'residents'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export type InvitationAnswer = 'pending' | 'yes' | 'no';

export interface Participant {
  id: string;
  /** Personal data: shown to the coordinator only, never on the public protocol or in events. */
  name: string;
  email: string;
  organisationKind: OrganisationKind;
  /** The organisation's name (a neighbourhood-watch group's name is shown on the protocol when it took part). */
  organisationName: string | null;
  /** The language of the invitation email (`sv` when not given; rounds invited before it had none). */
  language?: 'sv' | 'en';
  answer: InvitationAnswer;
  invitedAt: string;
  answeredAt: string | null;
}

export interface Round {
  id: string;
  municipalityId: string;
  /** The district / area walked through (free text or an area id of the municipality). */
  district: string;
  /** The day of the round, `YYYY-MM-DD`. */
  plannedDate: string;
  meetingPoint: string;
  status: RoundStatus;
  participants: Participant[];
  plannedAt: string;
  plannedBy: string;
  heldAt: string | null;
  followedUpAt: string | null;
  /** The follow-up meeting's day, `YYYY-MM-DD` (`domain/round-follow-up.ts`; absent on rounds stored before it existed). */
  followUpMeetingDate?: string | null;
  /** Neighbourhood-watch groups that took part as a reference group (names and group ids only, never people). */
  referenceGroups?: ReferenceGroup[];
}

export interface ReferenceGroup {
  name: string;
  /** The group's id in enrolment, when the coordinator chose one of the municipality's groups. */
  groupId: string | null;
}

export interface PlanRoundInput {
  district: string;
  plannedDate: string;
  meetingPoint: string;
}

export type RoundRefusal =
  | 'not-planned'
  | 'already-invited'
  | 'unknown-participant'
  | 'bad-transition'
  | 'not-yet-held-date'
  | 'invalid-date'
  | 'organisation-name-required'
  | 'too-many-groups';

export class RoundRuleBroken extends Error {
  constructor(readonly refusal: RoundRefusal) {
    super(refusal);
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The date `YYYY-MM-DD` of an instant in Swedish time (the rounds are walked in Sweden). */
export function swedishDate(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** A round is planned; it may lie in the past (a round held before it was entered), as a coordinator knows best. */
export function planRound(id: string, municipalityId: string, input: PlanRoundInput, plannedBy: string, now: Date): Round {
  if (!isCalendarDate(input.plannedDate)) throw new RoundRuleBroken('invalid-date');
  return {
    id,
    municipalityId,
    district: input.district,
    plannedDate: input.plannedDate,
    meetingPoint: input.meetingPoint,
    status: 'planned',
    participants: [],
    plannedAt: now.toISOString(),
    plannedBy,
    heldAt: null,
    followedUpAt: null,
  };
}

export interface InviteInput {
  name: string;
  email: string;
  organisationKind: OrganisationKind;
  organisationName: string | null;
  language?: 'sv' | 'en';
}

/** Invites one participant (while planned; one invitation per email address; a group is named). */
export function inviteParticipant(round: Round, participantId: string, input: InviteInput, now: Date): Round {
  if (round.status !== 'planned') throw new RoundRuleBroken('not-planned');
  const email = input.email.toLowerCase();
  if (round.participants.some((p) => p.email === email)) throw new RoundRuleBroken('already-invited');
  if (input.organisationKind === 'neighbourhood-watch-group' && !input.organisationName) throw new RoundRuleBroken('organisation-name-required');
  const participant: Participant = { id: participantId, ...input, email, language: input.language ?? 'sv', answer: 'pending', invitedAt: now.toISOString(), answeredAt: null };
  return { ...round, participants: [...round.participants, participant] };
}

/** A participant answers yes or no from their link (and may change their mind while the round is planned). Same answer again: unchanged. */
export function answerInvitation(round: Round, participantId: string, answer: 'yes' | 'no', now: Date): Round | 'unchanged' {
  const participant = round.participants.find((p) => p.id === participantId);
  if (!participant) throw new RoundRuleBroken('unknown-participant');
  if (round.status !== 'planned') throw new RoundRuleBroken('not-planned');
  if (participant.answer === answer) return 'unchanged';
  return { ...round, participants: round.participants.map((p) => (p.id === participantId ? { ...p, answer, answeredAt: now.toISOString() } : p)) };
}

/**
 * `planned` → `held` (not before its day) → `followed-up`. The same status again: unchanged. Any other move is refused.
 */
export function changeRoundStatus(round: Round, to: 'held' | 'followed-up', now: Date): Round | 'unchanged' {
  if (round.status === to) return 'unchanged';
  if (to === 'held') {
    if (round.status !== 'planned') throw new RoundRuleBroken('bad-transition');
    if (swedishDate(now) < round.plannedDate) throw new RoundRuleBroken('not-yet-held-date');
    return { ...round, status: 'held', heldAt: now.toISOString() };
  }
  if (round.status !== 'held') throw new RoundRuleBroken('bad-transition');
  return { ...round, status: 'followed-up', followedUpAt: now.toISOString() };
}

/** Findings are recorded on the round's day or later while it is planned or held; not after the follow-up. */
export function acceptsFindings(round: Round, now: Date): boolean {
  if (round.status === 'followed-up') return false;
  return swedishDate(now) >= round.plannedDate;
}

/** The public protocol is shown once the round was held. */
export function protocolPublic(round: Round): boolean {
  return round.status !== 'planned';
}

/** The neighbourhood-watch groups that said yes, and those recorded as its reference group (the protocol names the groups, never the people). */
export function participatingGroups(round: Round): string[] {
  const invited = round.participants.filter((p) => p.organisationKind === 'neighbourhood-watch-group' && p.answer === 'yes').map((p) => p.organisationName ?? '');
  return [...new Set([...invited, ...(round.referenceGroups ?? []).map((g) => g.name)])]
    .filter((n) => n !== '')
    .sort((a, b) => a.localeCompare(b, 'sv'));
}
