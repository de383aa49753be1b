import { randomUUID } from 'node:crypto';
import { createEvent, FindingRecordedV1, FindingStatusChangedV1 } from '@trygg/contracts';
import { hashLinkToken, type Clock, systemClock } from '@trygg/values';
import { assignFinding, type Finding, type FindingActor, recordFinding, type RecordFindingInput } from '../domain/finding';
import { acceptsFindings, changeRoundStatus, inviteParticipant, type InviteInput, planRound, type PlanRoundInput, type Round, RoundRuleBroken } from '../domain/round';
import { FindingNotFound, RoundNotFound } from './round-errors';
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

  /** Invites a participant and draws their link (returned once; only its hash is kept). */
  async invite(actor: StaffActor, roundId: string, input: InviteInput, correlationId: string) {
    const participantId = randomUUID();
    const now = this.clock();
    const out: { round?: Round } = {};
    const result = await this.rounds.change(actor.scope, roundId, (current) => (out.round = inviteParticipant(current, participantId, input, now)));
    const round = out.round;
    if (result === 'not-found' || !round) throw new RoundNotFound();
    const token = this.settings.secret();
    const expiresAt = new Date(Date.parse(`${round.plannedDate}T00:00:00Z`) + PARTICIPANT_LINK_DAYS_AFTER_ROUND * DAY_MS);
    await this.links.insert(link(token, 'participant', round, { participantId, findingId: null, assignedAt: null }, now, expiresAt));
    await this.record(actor, 'round-participant-invited', 'round', roundId, correlationId, { participantId, organisationKind: input.organisationKind });
    return { participantId, link: { url: participantLinkUrl(this.settings.webPublicUrl, actor.scope, token), expiresAt: expiresAt.toISOString() } };
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

  /** Gives the finding an owner and a deadline, and draws the owner's link (a new assignment replaces the old link). */
  async assign(actor: StaffActor, findingId: string, ownerEmail: string, deadline: string | null, correlationId: string) {
    const now = this.clock();
    const out: { finding?: Finding } = {};
    const result = await this.findings.change(actor.scope, findingId, (current) => {
      const next = assignFinding(current, ownerEmail, deadline, { kind: 'coordinator', subject: actor.subject }, now);
      out.finding = next;
      return { next, events: [findingStatusChangedEvent(current, next, correlationId, now)] };
    });
    const finding = out.finding;
    if (result === 'not-found' || !finding) throw new FindingNotFound();
    const token = this.settings.secret();
    const expiresAt = new Date(Date.parse(`${finding.deadline}T00:00:00Z`) + OWNER_LINK_DAYS_AFTER_DEADLINE * DAY_MS);
    await this.links.insert(link(token, 'owner', { id: finding.roundId, municipalityId: finding.municipalityId }, { participantId: null, findingId, assignedAt: finding.assignedAt }, now, expiresAt));
    await this.record(actor, 'finding-assigned', 'finding', findingId, correlationId, { deadline: finding.deadline });
    return { finding, ownerLink: { url: ownerLinkUrl(this.settings.webPublicUrl, actor.scope, token), expiresAt: expiresAt.toISOString() } };
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
