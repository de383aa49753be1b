import type { EventEnvelope } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import { type Finding, recordFinding } from '../domain/finding';
import { monthReport, type MonthReport, monthWindow } from '../domain/month-report';
import { findingFromPlace, notePromotion, placeOf, promotedFindingId, promotionOf, type PromotionChoice, type PromotionProblem } from '../domain/promotion';
import { acceptsFindings, participatingGroups, type ReferenceGroup, type Round, RoundRuleBroken, swedishDate } from '../domain/round';
import { followUpReview, setFollowUpMeeting, setReferenceGroups, suggestedFollowUpDate } from '../domain/round-follow-up';
import { WalkNotFound } from './errors';
import type { StaffActor, WalkRules, WalkStore } from './ports';
import { RoundNotFound } from './round-errors';
import type { FindingStore, RoundAudit, RoundStore } from './round-ports';
import { findingRecordedEvent } from './safety-rounds';

/** Walks of one month are at most this many (a municipality runs a few a week). */
const MONTH_WALKS_MAX = 1000;

/** Findings inserted only when no finding has the id yet (`false`: one has — the place was promoted before). */
export interface FindingInserts {
  insertOnce(finding: Finding, events: EventEnvelope[]): Promise<boolean>;
}
/** DI token of the `FindingInserts`. */
export const FINDING_INSERTS = Symbol('FindingInserts');

/** The place was promoted already (409 `already_promoted`, naming the finding). */
export class AlreadyPromoted extends Error {
  constructor(readonly findingId: string) {
    super('already_promoted');
  }
}

/** The promotion's fields to fix (400 naming each). */
export class PromotionInvalid extends Error {
  constructor(readonly problems: PromotionProblem[]) {
    super(problems.map((p) => p.field).join(', '));
  }
}

/** The month's walks report: for the coordinator and the read-only roles (the route's access decides who). */
export class ShowMonthReport {
  constructor(
    private readonly walks: WalkStore,
    private readonly rules: Pick<WalkRules, 'timezone'>,
  ) {}

  async execute(municipalityId: string, month: string): Promise<MonthReport> {
    const { from, to } = monthWindow(month);
    const walks = await this.walks.list(municipalityId, from, to, MONTH_WALKS_MAX);
    return monthReport(walks, month, this.rules.timezone(municipalityId));
  }
}

/**
 * The coordinator promotes an unsafe place of an after-walk report to a finding of one of the municipality's safety
 * rounds. Once per place: the finding's id comes from the place, so the second promotion (from any instance) finds
 * the first finding and is refused; the walk notes the promotion (again after a crash between the two writes).
 */
export class PromoteUnsafePlace {
  constructor(
    private readonly walks: WalkStore,
    private readonly rounds: RoundStore,
    private readonly findings: FindingInserts,
    private readonly audit: RoundAudit,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(actor: StaffActor, walkId: string, reportId: string, index: number, choice: PromotionChoice & { roundId: string }, correlationId: string): Promise<Finding> {
    const municipalityId = actor.scope;
    const walk = await this.walks.findById(municipalityId, walkId);
    if (!walk) throw new WalkNotFound();
    const place = placeOf(walk, reportId, index);
    if (!place) throw new WalkNotFound();
    const findingId = promotedFindingId(walkId, reportId, index);
    const before = promotionOf(walk, reportId, index);
    if (before) throw new AlreadyPromoted(before.findingId);
    const round = await this.rounds.find(municipalityId, choice.roundId);
    if (!round) throw new RoundNotFound();
    const now = this.clock();
    if (!acceptsFindings(round, now)) throw new RoundRuleBroken(round.status === 'followed-up' ? 'bad-transition' : 'not-yet-held-date');
    const input = findingFromPlace(place, choice);
    if (Array.isArray(input)) throw new PromotionInvalid(input);
    const finding: Finding = { ...recordFinding(findingId, round, input, { kind: 'coordinator', subject: actor.subject }, now), origin: { kind: 'walk-report', walkId, reportId, placeIndex: index } };
    const inserted = await this.findings.insertOnce(finding, [findingRecordedEvent(finding, round, correlationId, now)]);
    await this.note(municipalityId, walkId, { reportId, index, findingId, roundId: round.id, promotedAt: now.toISOString(), promotedBy: actor.subject });
    if (!inserted) throw new AlreadyPromoted(findingId);
    await this.audit.record({ actor, action: 'walk-place-promoted', subject: { kind: 'finding', id: findingId }, municipalityId, correlationId, details: { walkId, reportId, placeIndex: String(index), roundId: round.id } });
    return finding;
  }

  private async note(municipalityId: string, walkId: string, promotion: Parameters<typeof notePromotion>[1]): Promise<void> {
    await this.walks.change(municipalityId, walkId, (current) => {
      const next = notePromotion(current, promotion);
      return next === 'unchanged' ? { result: 'unchanged' } : { next, events: [], result: 'noted' };
    });
  }
}

/** The round's follow-up: the meeting's day, the reference groups, and the review of its findings (the coordinator's). */
export class RoundFollowUp {
  constructor(
    private readonly rounds: RoundStore,
    private readonly findings: Pick<FindingStore, 'ofRound'>,
    private readonly audit: RoundAudit,
    private readonly clock: Clock = systemClock,
  ) {}

  async setMeeting(actor: StaffActor, roundId: string, date: string, correlationId: string): Promise<Round> {
    const result = await this.rounds.change(actor.scope, roundId, (current) => setFollowUpMeeting(current, date));
    if (result === 'not-found') throw new RoundNotFound();
    if (result === 'changed') await this.record(actor, 'round-follow-up-meeting-set', roundId, correlationId, { date });
    return (await this.rounds.find(actor.scope, roundId)) as Round;
  }

  async setGroups(actor: StaffActor, roundId: string, groups: ReferenceGroup[], correlationId: string): Promise<Round> {
    const result = await this.rounds.change(actor.scope, roundId, (current) => setReferenceGroups(current, groups));
    if (result === 'not-found') throw new RoundNotFound();
    if (result === 'changed') await this.record(actor, 'round-reference-groups-set', roundId, correlationId, { groups: String(groups.length) });
    return (await this.rounds.find(actor.scope, roundId)) as Round;
  }

  async review(actor: StaffActor, roundId: string) {
    const round = await this.rounds.find(actor.scope, roundId);
    if (!round) throw new RoundNotFound();
    const findings = await this.findings.ofRound(actor.scope, roundId);
    const today = swedishDate(this.clock());
    return { round, today, suggested: suggestedFollowUpDate(round), groups: participatingGroups(round), ...followUpReview(round, findings, today, (iso) => swedishDate(new Date(iso))) };
  }

  private record(actor: StaffActor, action: string, roundId: string, correlationId: string, details: Record<string, string>) {
    return this.audit.record({ actor, action, subject: { kind: 'round', id: roundId }, municipalityId: actor.scope, correlationId, details });
  }
}
