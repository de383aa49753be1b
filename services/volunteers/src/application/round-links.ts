import { hashLinkToken, linkTokenState, looksLikeLinkToken, type Clock, systemClock } from '@trygg/values';
import { closeFinding, type Finding, type RecordFindingInput } from '../domain/finding';
import { acceptsFindings, answerInvitation, type Round, RoundRuleBroken } from '../domain/round';
import { RoundLinkRefused } from './round-errors';
import { storeFindingPhoto } from './finding-photos';
import type { FindingPhotos, FindingStore, RoundAudit, RoundLink, RoundLinks, RoundStore } from './round-ports';
import { findingStatusChangedEvent, storeNewFinding } from './safety-rounds';

/** A participant's round as their link shows it (their own answer; no other participant). */
export interface ParticipantView {
  round: Round;
  participantId: string;
  answer: 'pending' | 'yes' | 'no';
  acceptsFindings: boolean;
}

/**
 * What the holders of the rounds' links do without an account: a participant answers the invitation and records
 * findings during the round; a finding's owner sees it and closes it (fixed, or won't fix with a reason). The link is
 * the credential: unknown → `token_invalid`, expired → `token_expired`; an owner's link of an earlier assignment is
 * unknown. Every decision is audited with the link holder as actor (ids only).
 */
export class RoundLinkActions {
  constructor(
    private readonly rounds: RoundStore,
    private readonly findings: FindingStore,
    private readonly links: RoundLinks,
    private readonly audit: RoundAudit,
    private readonly photos: FindingPhotos,
    private readonly clock: Clock = systemClock,
  ) {}

  async participant(token: string): Promise<ParticipantView> {
    const { round, participantId } = await this.participantLink(token);
    return this.viewOf(round, participantId);
  }

  async answer(token: string, answer: 'yes' | 'no', correlationId: string): Promise<ParticipantView> {
    const { link, participantId } = await this.participantLink(token);
    const now = this.clock();
    const result = await this.rounds.change(link.municipalityId, link.roundId, (current) => answerInvitation(current, participantId, answer, now));
    if (result === 'not-found') throw new RoundLinkRefused('token_invalid');
    if (result === 'changed') await this.record(link, `participant:${participantId}`, 'round-invitation-answered', 'round', link.roundId, correlationId, { participantId, answer });
    const round = await this.rounds.find(link.municipalityId, link.roundId);
    if (!round) throw new RoundLinkRefused('token_invalid');
    return this.viewOf(round, participantId);
  }

  async recordFinding(token: string, input: RecordFindingInput, correlationId: string): Promise<Finding> {
    const { link, round, participantId } = await this.participantLink(token);
    const finding = await storeNewFinding(this.findings, round, input, { kind: 'participant', participantId }, correlationId, this.clock());
    await this.record(link, `participant:${participantId}`, 'finding-recorded', 'finding', finding.id, correlationId, { roundId: round.id, category: finding.category });
    return finding;
  }

  /** A participant adds a photo to a finding of their round, while the round takes findings. */
  async addPhoto(token: string, findingId: string, upload: Buffer, correlationId: string): Promise<Finding> {
    const { link, round, participantId } = await this.participantLink(token);
    if (!acceptsFindings(round, this.clock())) throw new RoundRuleBroken('bad-transition');
    const finding = await storeFindingPhoto(this.findings, this.photos, link.municipalityId, findingId, round.id, upload, this.clock());
    await this.record(link, `participant:${participantId}`, 'finding-photo-added', 'finding', findingId, correlationId, { type: finding.photo?.type ?? '' });
    return finding;
  }

  async owner(token: string): Promise<{ finding: Finding; round: Round }> {
    const { finding, round } = await this.ownerLink(token);
    return { finding, round };
  }

  async close(token: string, to: 'fixed' | 'wont-fix', reason: string | null, correlationId: string): Promise<{ finding: Finding; round: Round }> {
    const { link, round } = await this.ownerLink(token);
    const now = this.clock();
    const out: { finding?: Finding } = {};
    const result = await this.findings.change(link.municipalityId, link.findingId as string, (current) => {
      // A link of an earlier assignment lost its say when the finding got a new owner (checked on the latest state).
      if (current.assignedAt !== link.assignedAt) throw new RoundLinkRefused('token_invalid');
      const next = closeFinding(current, to, reason, { kind: 'owner' }, now);
      out.finding = next;
      return { next, events: [findingStatusChangedEvent(current, next, correlationId, now)] };
    });
    if (result === 'not-found' || !out.finding) throw new RoundLinkRefused('token_invalid');
    await this.record(link, `owner:${link.findingId}`, 'finding-status-changed', 'finding', out.finding.id, correlationId, { status: to });
    return { finding: out.finding, round };
  }

  private async resolve(token: string, kind: RoundLink['kind']): Promise<RoundLink> {
    if (!looksLikeLinkToken(token)) throw new RoundLinkRefused('token_invalid');
    const link = await this.links.findByHash(hashLinkToken(token));
    if (!link || link.kind !== kind) throw new RoundLinkRefused('token_invalid');
    if (linkTokenState(link, this.clock()) !== 'ok') throw new RoundLinkRefused('token_expired');
    return link;
  }

  private async participantLink(token: string) {
    const link = await this.resolve(token, 'participant');
    const round = await this.rounds.find(link.municipalityId, link.roundId);
    const participantId = link.participantId as string;
    if (!round || !round.participants.some((p) => p.id === participantId)) throw new RoundLinkRefused('token_invalid');
    return { link, round, participantId };
  }

  private async ownerLink(token: string) {
    const link = await this.resolve(token, 'owner');
    const finding = await this.findings.find(link.municipalityId, link.findingId as string);
    if (!finding || finding.assignedAt !== link.assignedAt) throw new RoundLinkRefused('token_invalid');
    const round = await this.rounds.find(link.municipalityId, link.roundId);
    if (!round) throw new RoundLinkRefused('token_invalid');
    return { link, finding, round };
  }

  private viewOf(round: Round, participantId: string): ParticipantView {
    const participant = round.participants.find((p) => p.id === participantId);
    return { round, participantId, answer: participant?.answer ?? 'pending', acceptsFindings: acceptsFindings(round, this.clock()) };
  }

  private record(link: RoundLink, holder: string, action: string, kind: string, id: string, correlationId: string, details: Record<string, string>) {
    const actor = { subject: `link:${holder}`, name: link.kind === 'owner' ? 'finding owner (link)' : 'round participant (link)', role: `round-${link.kind}`, scope: link.municipalityId };
    return this.audit.record({ actor, action, subject: { kind, id }, municipalityId: link.municipalityId, correlationId, details });
  }
}
