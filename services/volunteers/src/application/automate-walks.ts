import { createEvent, type EventEnvelope, WalkInvitationDueV1, WalkReminderDueV1 } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import { walkerFactsOf } from '../domain/volunteer';
import { UNDERSTAFFED_NOTICE_MS, type Walk } from '../domain/walk';
import { cancelUnstaffed, type InvitationCandidate, inviteWalkers, remindWalkers, SYSTEM_ACTOR, UNSTAFFED_REASON } from '../domain/walk-automation';
import type { ErasureAudit, VolunteerStore, WalkRules, WalkStore } from './ports';
import { cancellationEvent, walkFields } from './walks';

/** Every job looks at the scheduled walks starting within this long (the reminder is due at most ~39 h before, the invitations 48 h). */
const HORIZON_MS = UNDERSTAFFED_NOTICE_MS;
/** At most this many walkers of one organisation are considered for invitations. */
const CANDIDATES_LIMIT = 2000;

/** The audit's actor of volunteers' own decisions on walks. */
const housekeeping = (municipalityId: string) => ({ subject: SYSTEM_ACTOR, name: 'volunteers housekeeping', role: 'system', scope: municipalityId });

/**
 * Housekeeping `walk-reminders`, `walk-invitations`, `cancel-unstaffed-walks` (issue 15): volunteers' own decisions
 * on the walks of the next 48 hours. Each decision and its events are one conditional write of the walk document (the
 * outbox; version-checked, decided again on the latest state when another write won), and the walk records whom it
 * reminded and invited: once per walker and walk, and one cancellation per walk, however many instances run them.
 */
export class AutomateWalks {
  constructor(
    private readonly walks: WalkStore,
    private readonly volunteers: VolunteerStore,
    private readonly rules: WalkRules,
    private readonly audit: ErasureAudit,
    private readonly batchSize: number,
    private readonly clock: Clock = systemClock,
  ) {}

  private upcoming(): Promise<Walk[]> {
    const now = this.clock();
    return this.walks.scheduledStartingBetween(now, new Date(now.getTime() + HORIZON_MS), this.batchSize);
  }

  /** The day-before reminders: one `walk-reminder-due` per booked walker. Returns how many walkers were reminded. */
  async remind(): Promise<number> {
    let count = 0;
    for (const walk of await this.upcoming()) {
      const timezone = this.rules.timezone(walk.municipalityId);
      const result = await this.walks.change(walk.municipalityId, walk.id, (current) => {
        const at = this.clock();
        const decision = remindWalkers(current, timezone, at);
        if (!decision) return { result: 0 };
        const events = decision.reminded.map((b) =>
          createEvent(WalkReminderDueV1, { municipalityId: current.municipalityId, correlationId: `reminder-${current.id}` }, { ...walkFields(current, timezone), volunteerId: b.volunteerId, personId: b.personId }, at),
        );
        return { next: decision.next, events, result: events.length };
      });
      if (typeof result === 'number') count += result;
    }
    return count;
  }

  /** Invitations to understaffed walks: one `walk-invitation-due` per available walker. Returns how many were invited. */
  async invite(): Promise<number> {
    let count = 0;
    const candidatesOf = new Map<string, Promise<InvitationCandidate[]>>();
    for (const walk of await this.upcoming()) {
      if (walk.understaffedAt === null) continue;
      const rules = this.rules.organisation(walk.municipalityId, walk.organisationId);
      if (!rules) continue;
      const key = `${walk.municipalityId}/${walk.organisationId}`;
      if (!candidatesOf.has(key)) candidatesOf.set(key, this.candidates(walk.municipalityId, walk.organisationId));
      const candidates = await candidatesOf.get(key)!;
      if (candidates.length === 0) continue;
      const timezone = this.rules.timezone(walk.municipalityId);
      const lead = this.rules.cancelUnstaffedLeadMs(walk.municipalityId);
      const result = await this.walks.change(walk.municipalityId, walk.id, (current) => {
        const at = this.clock();
        const decision = inviteWalkers(current, candidates, rules, timezone, lead, at);
        if (!decision) return { result: 0 };
        const placesLeft = Math.max(0, current.maxWalkers - current.bookings.length);
        const events = decision.invited.map((c) =>
          createEvent(WalkInvitationDueV1, { municipalityId: current.municipalityId, correlationId: `invitation-${current.id}` }, { ...walkFields(current, timezone), volunteerId: c.volunteerId, personId: c.personId, placesLeft }, at),
        );
        return { next: decision.next, events, result: events.length };
      });
      if (typeof result === 'number') count += result;
    }
    return count;
  }

  /** The walkers who might be invited to an organisation's walk: active, of the organisation (or of none, when it is the default). */
  private async candidates(municipalityId: string, organisationId: string): Promise<InvitationCandidate[]> {
    const defaultOrganisation = this.rules.defaultOrganisation(municipalityId) ?? '';
    const organisations: Array<string | null> = defaultOrganisation === organisationId ? [organisationId, null] : [organisationId];
    const walkers = await this.volunteers.listActive(municipalityId, organisations, CANDIDATES_LIMIT);
    return walkers.flatMap((v) => {
      const facts = walkerFactsOf(v, defaultOrganisation);
      return facts ? [{ ...facts, availability: v.availability }] : [];
    });
  }

  /** Walks that cannot be staffed at the municipality's lead time are cancelled (reason `unstaffed`). Returns how many. */
  async cancelUnstaffed(): Promise<number> {
    let count = 0;
    for (const walk of await this.upcoming()) {
      const rules = this.rules.organisation(walk.municipalityId, walk.organisationId);
      const lead = this.rules.cancelUnstaffedLeadMs(walk.municipalityId);
      if (!rules || lead <= 0) continue;
      const correlationId = `unstaffed-${walk.id}`;
      const result = await this.walks.change<Walk | null>(walk.municipalityId, walk.id, (current) => {
        const at = this.clock();
        const next = cancelUnstaffed(current, rules, lead, at);
        if (!next) return { result: null };
        const events: EventEnvelope[] = [cancellationEvent(next, this.rules.timezone(next.municipalityId), 'unstaffed', correlationId, at)];
        return { next, events, result: next };
      });
      if (!result || result === 'not-found') continue;
      count += 1;
      await this.audit.record({
        actor: housekeeping(walk.municipalityId),
        action: 'walk-cancelled',
        subject: { kind: 'walk', id: walk.id },
        municipalityId: walk.municipalityId,
        correlationId,
        details: { booked: result.bookings.length, reason: UNSTAFFED_REASON },
      });
    }
    return count;
  }
}
