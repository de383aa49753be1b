import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope, WalkCancelledV1, WalkScheduledV1 } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import type { StaffingRules } from '../domain/staffing';
import { cancelWalk, debrief, isYouthOn, localTimes, newWalk, occurrences, planProblems, staffingOf, type Walk, type WalkPlan, type WeeklyPattern } from '../domain/walk';
import { WalkNotFound, WalkPlanInvalid, WalkRefused } from './errors';
import type { ErasureAudit, StaffActor, WalkRules, WalkStore } from './ports';

/** A walk as the coordinator's list shows it: the walk, whether its rules hold, and who is booked (ids only). */
export function walkView(walk: Walk, rules: StaffingRules | undefined) {
  const staffing = rules ? staffingOf(walk, rules) : { staffed: false, problems: ['unknown_organisation'], walkers: walk.bookings.length, required: walk.minWalkers };
  return {
    walkId: walk.id,
    seriesId: walk.seriesId,
    organisationId: walk.organisationId,
    startsAt: walk.startsAt,
    endsAt: walk.endsAt,
    meetingPoint: walk.meetingPoint,
    minWalkers: walk.minWalkers,
    maxWalkers: walk.maxWalkers,
    status: walk.status,
    staffed: staffing.staffed,
    problems: staffing.problems as string[],
    bookings: walk.bookings.map((b) => ({ volunteerId: b.volunteerId, bookedAt: b.bookedAt, basicTraining: b.walker.basicTraining, youth: rules ? isYouthOn(walk, b, rules) : false })),
    log: walk.log,
    debrief: walk.debrief,
    understaffedAt: walk.understaffedAt,
    cancellation: walk.cancellation ? { cancelledAt: walk.cancellation.cancelledAt, reason: walk.cancellation.reason } : null,
  };
}

export type WalkView = ReturnType<typeof walkView>;

/** What the walk events say about the walk itself (times also on the municipality's clock, for messages). */
export function walkFields(walk: Walk, timezone: string) {
  return { walkId: walk.id, seriesId: walk.seriesId, organisationId: walk.organisationId, startsAt: walk.startsAt, endsAt: walk.endsAt, meetingPoint: walk.meetingPoint, ...localTimes(walk, timezone) };
}

/**
 * The one cancel path (the coordinator's, and volunteers' own when a walk cannot be staffed): the walk cancelled and
 * `walk-cancelled` with the booked walkers' person ids, for one conditional write of the walk.
 */
export function cancellationEvent(walk: Walk, timezone: string, cause: 'coordinator' | 'unstaffed', correlationId: string, now: Date): EventEnvelope {
  const reason = walk.cancellation?.reason ?? cause;
  return createEvent(WalkCancelledV1, { municipalityId: walk.municipalityId, correlationId }, { ...walkFields(walk, timezone), reason, cause, bookedPersonIds: walk.bookings.map((b) => b.personId) }, now);
}

/**
 * The coordinator's walks: schedule one walk or a weekly series (materialised as single walks, each with its
 * `walk-scheduled` event in its own insert), cancel (the booked walkers are told through `walk-cancelled`), the
 * debrief note, the list with staffed / understaffed. Scoped by the coordinator's municipality; every decision audited.
 */
export class CoordinateWalks {
  constructor(
    private readonly walks: WalkStore,
    private readonly rules: WalkRules,
    private readonly audit: ErasureAudit,
    private readonly clock: Clock = systemClock,
  ) {}

  private rulesFor(municipalityId: string, organisationId: string): StaffingRules {
    const rules = this.rules.organisation(municipalityId, organisationId);
    if (!rules) throw new WalkPlanInvalid([{ field: 'organisationId', message: 'unknown organisation of the municipality' }]);
    return rules;
  }

  private async schedule(actor: StaffActor, seriesId: string | null, plans: WalkPlan[], correlationId: string): Promise<Walk[]> {
    const municipalityId = actor.scope;
    const now = this.clock();
    const rules = this.rulesFor(municipalityId, plans[0]!.organisationId);
    const problems = plans.flatMap((p) => planProblems(p, rules, now));
    if (problems.length) throw new WalkPlanInvalid([...new Map(problems.map((p) => [p.field, p])).values()]);
    const created: Walk[] = [];
    for (const plan of plans) {
      const walk = newWalk({ id: randomUUID(), municipalityId, seriesId }, plan, rules, actor.subject, now);
      const scheduled = createEvent(WalkScheduledV1, { municipalityId, correlationId }, { ...walkFields(walk, this.rules.timezone(municipalityId)), minWalkers: walk.minWalkers, maxWalkers: walk.maxWalkers }, now);
      await this.walks.insert(walk, [scheduled]);
      await this.audit.record({ actor, action: 'walk-scheduled', subject: { kind: 'walk', id: walk.id }, municipalityId, correlationId, details: { organisationId: walk.organisationId, startsAt: walk.startsAt, seriesId } });
      created.push(walk);
    }
    return created;
  }

  async scheduleOne(actor: StaffActor, plan: WalkPlan, correlationId: string): Promise<WalkView> {
    const [walk] = await this.schedule(actor, null, [plan], correlationId);
    return walkView(walk!, this.rules.organisation(actor.scope, walk!.organisationId));
  }

  /** A weekly series (e.g. Fri + Sat 21:00–01:00 in the municipality's time zone), `weeks` weeks from `from`. */
  async scheduleSeries(
    actor: StaffActor,
    series: Omit<WeeklyPattern, 'timezone'> & Omit<WalkPlan, 'startsAt' | 'endsAt'> & { until?: string | undefined },
    correlationId: string,
  ): Promise<{ seriesId: string; walks: WalkView[] }> {
    const seriesId = randomUUID();
    const { weekdays, startTime, endTime, from, weeks, until, ...plan } = series;
    const timezone = this.rules.timezone(actor.scope);
    const dates = occurrences({ weekdays, startTime, endTime, from, weeks, timezone }).filter((d) => !until || localTimes(d, timezone).localDate <= until);
    const now = this.clock().getTime();
    const future = dates.filter((d) => Date.parse(d.startsAt) > now);
    if (future.length === 0) throw new WalkPlanInvalid([{ field: 'from', message: 'the series has no walk in the future' }]);
    const walks = await this.schedule(actor, seriesId, future.map((d) => ({ ...plan, ...d })), correlationId);
    const rules = this.rules.organisation(actor.scope, plan.organisationId);
    return { seriesId, walks: walks.map((w) => walkView(w, rules)) };
  }

  async cancel(actor: StaffActor, walkId: string, reason: string, correlationId: string): Promise<WalkView> {
    const municipalityId = actor.scope;
    const result = await this.walks.change<Walk | string>(municipalityId, walkId, (current) => {
      const now = this.clock();
      const next = cancelWalk(current, actor.subject, reason, now);
      if (typeof next === 'string') return { result: next };
      return { next, events: [cancellationEvent(next, this.rules.timezone(municipalityId), 'coordinator', correlationId, now)], result: next };
    });
    if (result === 'not-found') throw new WalkNotFound();
    if (typeof result === 'string') throw new WalkRefused(result);
    await this.audit.record({ actor, action: 'walk-cancelled', subject: { kind: 'walk', id: walkId }, municipalityId, correlationId, details: { booked: result.bookings.length } });
    return walkView(result, this.rules.organisation(municipalityId, result.organisationId));
  }

  async writeDebrief(actor: StaffActor, walkId: string, note: string, correlationId: string): Promise<WalkView> {
    const municipalityId = actor.scope;
    const result = await this.walks.change<Walk | string>(municipalityId, walkId, (current) => {
      const next = debrief(current, note, this.clock());
      return typeof next === 'string' ? { result: next } : { next, events: [], result: next };
    });
    if (result === 'not-found') throw new WalkNotFound();
    if (typeof result === 'string') throw new WalkRefused(result);
    await this.audit.record({ actor, action: 'walk-debriefed', subject: { kind: 'walk', id: walkId }, municipalityId, correlationId, details: {} });
    return walkView(result, this.rules.organisation(municipalityId, result.organisationId));
  }

  async list(municipalityId: string, from: Date, to: Date): Promise<WalkView[]> {
    const walks = await this.walks.list(municipalityId, from, to, 500);
    return walks.map((w) => walkView(w, this.rules.organisation(municipalityId, w.organisationId)));
  }
}
