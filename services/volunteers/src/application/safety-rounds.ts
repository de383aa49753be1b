import { randomUUID } from 'node:crypto';
import { createEvent, FindingAssignedV1, FindingRecordedV1, FindingStatusChangedV1, RoundParticipantInvitedV1 } from '@trygg/contracts';
import { hashLinkToken, type Clock, systemClock } from '@trygg/values';
import { assignFinding, type Finding, type FindingActor, recordFinding, type RecordFindingInput } from '../domain/finding';
import { acceptsFindings, changeRoundStatus, inviteParticipant, type InviteInput, planRound, type PlanRoundInput, type Round, RoundRuleBroken } from '../domain/round';
import { FindingNotFound, LinkNotIssued, RoundNotFound } from './round-errors';
import { storeFindingPhoto } from './finding-photos';
import type { FindingPhotos, FindingStore, RoundAudit, RoundLink, RoundLinks, RoundLinkSettings, RoundStore } from './round-ports';
import type { StaffActor } from './ports';

const DAY_MS = 86_400_000;
/** A participant's link works until 60 days after the round's day (findings are recorded during and just after it). */
export const PARTICIPANT_LINK_DAYS_AFTER_ROUND = 60;
/** An owner's link works until 90 days after the finding's deadline. */
export const OWNER_LINK_DAYS_AFTER_DEADLINE = 90;

/** The links lead to the web's pages of the municipality. */
export function participantLinkUrl(webPublicUrl: string, municipalityId: string, token: string): string {
  return `${webPublicUrl}/${municipalityId}/trygghetsrond/deltagare/${token}`;
}
export function ownerLinkUrl(webPublicUrl: string, municipalityId: string, token: string): string {
  return `${webPublicUrl}/${municipalityId}/trygghetsrond/atgard/${token}`;
}

/** The event of a recorded finding: what the consumers need, never who recorded it. */
export function findingRecordedEvent(finding: Finding, round: Pick<Round, 'district'>, correlationId: string, now: Date) {
  return createEvent(
    FindingRecordedV1,
    { municipalityId: finding.municipalityId, correlationId },
    {
      findingId: finding.id,
      roundId: finding.roundId,
      roundDate: finding.roundDate,
      district: round.district,
      place: finding.place,
      category: finding.category,
      description: finding.description,
      responsibleOrganisation: finding.responsibleOrganisation,
      deadline: finding.deadline,
      recordedAt: finding.recordedAt,
    },
    now,
  );
}

/** The event of a status change: from, to, deadline and the reason of a won't-fix; never the owner. */
export function findingStatusChangedEvent(before: Finding, after: Finding, correlationId: string, now: Date) {
  return createEvent(
    FindingStatusChangedV1,
    { municipalityId: after.municipalityId, correlationId },
    {
      findingId: after.id,
      roundId: after.roundId,
      from: before.status as 'open' | 'assigned',
      to: after.status as 'assigned' | 'fixed' | 'wont-fix',
      responsibleOrganisation: after.responsibleOrganisation,
      deadline: after.deadline,
      reason: after.wontFixReason,
      changedAt: now.toISOString(),
    },
    now,
  );
}

/** The invitation of a participant, for notifications to mail it: the participant's name, email and language, the round's day and place. No link. */
export function participantInvitedEvent(round: Round, participantId: string, correlationId: string, now: Date) {
  const p = round.participants.find((x) => x.id === participantId);
  if (!p) throw new Error(`participant ${participantId} is not in round ${round.id}`);
  return createEvent(
    RoundParticipantInvitedV1,
    { municipalityId: round.municipalityId, correlationId },
    {
      roundId: round.id,
      participantId,
      participant: { name: p.name, email: p.email, language: p.language ?? 'sv' },
      organisationKind: p.organisationKind,
      district: round.district,
      plannedDate: round.plannedDate,
      meetingPoint: round.meetingPoint,
      invitedAt: p.invitedAt,
    },
    now,
  );
}

/** The assignment, for notifications to mail the owner: their email and language, the finding's summary and deadline. No link. */
export function findingAssignedEvent(finding: Finding, district: string, correlationId: string, now: Date) {
  return createEvent(
    FindingAssignedV1,
    { municipalityId: finding.municipalityId, correlationId },
    {
      findingId: finding.id,
      roundId: finding.roundId,
      owner: { email: finding.ownerEmail as string, language: finding.ownerLanguage ?? 'sv' },
      district,
      roundDate: finding.roundDate,
      place: finding.place,
      placeText: finding.place.kind === 'address' ? finding.place.address : `${finding.place.lat.toFixed(5)}, ${finding.place.lon.toFixed(5)}`,
      category: finding.category,
      description: finding.description,
      responsibleOrganisation: finding.responsibleOrganisation,
      deadline: finding.deadline,
      assignedAt: finding.assignedAt as string,
    },
    now,
  );
}

/** Records a finding of `round` (the rules of the round and the finding), with its event, in one write. */
export async function storeNewFinding(findings: FindingStore, round: Round, input: RecordFindingInput, by: FindingActor, correlationId: string, now: Date): Promise<Finding> {
  if (!acceptsFindings(round, now)) throw new RoundRuleBroken(round.status === 'followed-up' ? 'bad-transition' : 'not-yet-held-date');
  const finding = recordFinding(randomUUID(), round, input, by, now);
  await findings.insert(finding, [findingRecordedEvent(finding, round, correlationId, now)]);
  return finding;
}

/**
 * The coordinator's work on the safety rounds of their own municipality (the actor's scope): plan, invite, hold,
 * follow up, record findings and give them owners. Every decision is audited (ids and codes only).
 */
export class SafetyRounds {
  constructor(
    private readonly rounds: RoundStore,
    private readonly findings: FindingStore,
    private readonly links: RoundLinks,
    private readonly settings: RoundLinkSettings,
    private readonly audit: RoundAudit,
    private readonly photos: FindingPhotos,
    private readonly clock: Clock = systemClock,
  ) {}

  async plan(actor: StaffActor, input: PlanRoundInput, correlationId: string): Promise<Round> {
    const round = planRound(randomUUID(), actor.scope, input, actor.subject, this.clock());
    await this.rounds.insert(round);
    await this.record(actor, 'round-planned', 'round', round.id, correlationId, { plannedDate: round.plannedDate });
    return round;
  }

  list(actor: StaffActor): Promise<Round[]> {
    return this.rounds.list(actor.scope);
  }

  async show(actor: StaffActor, roundId: string): Promise<{ round: Round; findings: Finding[] }> {
    const round = await this.rounds.find(actor.scope, roundId);
    if (!round) throw new RoundNotFound();
    return { round, findings: await this.findings.ofRound(actor.scope, roundId) };
  }

  /**
   * Invites a participant, with the invitation event in the same write (notifications mails it, with a link of its
   * own asked for at send time), and draws a link for the coordinator too (returned once; only its hash is kept).
   */
  async invite(actor: StaffActor, roundId: string, input: InviteInput, correlationId: string) {
    const participantId = randomUUID();
    const now = this.clock();
    const out: { round?: Round } = {};
    const result = await this.rounds.change(actor.scope, roundId, (current) => {
      const next = inviteParticipant(current, participantId, input, now);
      out.round = next;
      return { next, events: [participantInvitedEvent(next, participantId, correlationId, now)] };
    });
    const round = out.round;
    if (result === 'not-found' || !round) throw new RoundNotFound();
    await this.record(actor, 'round-participant-invited', 'round', roundId, correlationId, { participantId, organisationKind: input.organisationKind });
    return { participantId, link: await this.drawParticipantLink(round, participantId, now) };
  }

  /**
   * A participant's link for notifications' invitation email (`POST /internal/links`, kind `round-participant`): a
   * fresh token per call, only its hash kept, expiring as the coordinator's. Unknown round or participant → not issued.
   */
  async participantLink(municipalityId: string, roundId: string, participantId: string) {
    const round = await this.rounds.find(municipalityId, roundId);
    if (!round || !round.participants.some((p) => p.id === participantId)) throw new LinkNotIssued('not_found');
    return this.drawParticipantLink(round, participantId, this.clock());
  }

  /**
   * The owner's link for notifications' email (kind `finding-owner`), for the assignment the event told of
   * (`assignedAt`): a finding given to someone else since, or already closed, gets none (the email is not sent).
   */
  async ownerLink(municipalityId: string, findingId: string, assignedAt: string) {
    const finding = await this.findings.find(municipalityId, findingId);
    if (!finding) throw new LinkNotIssued('not_found');
    if (finding.assignedAt !== assignedAt) throw new LinkNotIssued('reassigned');
    if (finding.status !== 'assigned') throw new LinkNotIssued('finding_closed');
    return this.drawOwnerLink(finding, this.clock());
  }

  private async drawParticipantLink(round: Round, participantId: string, now: Date) {
    const token = this.settings.secret();
    const expiresAt = new Date(Date.parse(`${round.plannedDate}T00:00:00Z`) + PARTICIPANT_LINK_DAYS_AFTER_ROUND * DAY_MS);
    await this.links.insert(link(token, 'participant', round, { participantId, findingId: null, assignedAt: null }, now, expiresAt));
    return { url: participantLinkUrl(this.settings.webPublicUrl, round.municipalityId, token), expiresAt: expiresAt.toISOString() };
  }

  private async drawOwnerLink(finding: Finding, now: Date) {
    const token = this.settings.secret();
    const expiresAt = new Date(Date.parse(`${finding.deadline}T00:00:00Z`) + OWNER_LINK_DAYS_AFTER_DEADLINE * DAY_MS);
    await this.links.insert(link(token, 'owner', { id: finding.roundId, municipalityId: finding.municipalityId }, { participantId: null, findingId: finding.id, assignedAt: finding.assignedAt }, now, expiresAt));
    return { url: ownerLinkUrl(this.settings.webPublicUrl, finding.municipalityId, token), expiresAt: expiresAt.toISOString() };
  }

  async changeStatus(actor: StaffActor, roundId: string, to: 'held' | 'followed-up', correlationId: string): Promise<Round> {
    const now = this.clock();
    const result = await this.rounds.change(actor.scope, roundId, (current) => changeRoundStatus(current, to, now));
    if (result === 'not-found') throw new RoundNotFound();
    if (result === 'changed') await this.record(actor, 'round-status-changed', 'round', roundId, correlationId, { status: to });
    return (await this.rounds.find(actor.scope, roundId)) as Round;
  }

  async recordFinding(actor: StaffActor, roundId: string, input: RecordFindingInput, correlationId: string): Promise<Finding> {
    const round = await this.rounds.find(actor.scope, roundId);
    if (!round) throw new RoundNotFound();
    const finding = await storeNewFinding(this.findings, round, input, { kind: 'coordinator', subject: actor.subject }, correlationId, this.clock());
    await this.record(actor, 'finding-recorded', 'finding', finding.id, correlationId, { roundId, category: finding.category });
    return finding;
  }

  /**
   * Gives the finding an owner and a deadline (with `finding-status-changed` and, for notifications to mail the
   * owner, `finding-assigned` in the same write), and draws the owner's link for the coordinator (a new assignment
   * replaces the old links).
   */
  async assign(actor: StaffActor, findingId: string, ownerEmail: string, deadline: string | null, correlationId: string, language: 'sv' | 'en' = 'sv') {
    const now = this.clock();
    const existing = await this.findings.find(actor.scope, findingId);
    if (!existing) throw new FindingNotFound();
    const round = await this.rounds.find(actor.scope, existing.roundId);
    const district = round?.district ?? '-';
    const out: { finding?: Finding } = {};
    const result = await this.findings.change(actor.scope, findingId, (current) => {
      const next = assignFinding(current, ownerEmail, deadline, { kind: 'coordinator', subject: actor.subject }, now, language);
      out.finding = next;
      return { next, events: [findingStatusChangedEvent(current, next, correlationId, now), findingAssignedEvent(next, district, correlationId, now)] };
    });
    const finding = out.finding;
    if (result === 'not-found' || !finding) throw new FindingNotFound();
    await this.record(actor, 'finding-assigned', 'finding', findingId, correlationId, { deadline: finding.deadline });
    return { finding, ownerLink: await this.drawOwnerLink(finding, now) };
  }

  /** Adds (or replaces) a finding's photo, without its metadata. */
  async addPhoto(actor: StaffActor, findingId: string, upload: Buffer, correlationId: string): Promise<Finding> {
    const finding = await storeFindingPhoto(this.findings, this.photos, actor.scope, findingId, null, upload, this.clock());
    await this.record(actor, 'finding-photo-added', 'finding', findingId, correlationId, { type: finding.photo?.type ?? '' });
    return finding;
  }

  async photo(actor: StaffActor, findingId: string) {
    const photo = await this.photos.get(actor.scope, findingId);
    if (!photo) throw new FindingNotFound();
    return photo;
  }

  private record(actor: StaffActor, action: string, kind: string, id: string, correlationId: string, details: Record<string, string>) {
    return this.audit.record({ actor, action, subject: { kind, id }, municipalityId: actor.scope, correlationId, details });
  }
}

function link(token: string, kind: RoundLink['kind'], round: Pick<Round, 'id' | 'municipalityId'>, of: Pick<RoundLink, 'participantId' | 'findingId' | 'assignedAt'>, now: Date, expiresAt: Date): RoundLink {
  return { hash: hashLinkToken(token), kind, municipalityId: round.municipalityId, roundId: round.id, ...of, createdAt: now, expiresAt, usedAt: null };
}
