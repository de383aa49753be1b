import { randomUUID } from 'node:crypto';
import { createEvent, WalkReportedV1 } from '@trygg/contracts';
import { type Clock, systemClock } from '@trygg/values';
import { walkerFactsOf } from '../domain/volunteer';
import { book, checkIn, checkOut, localTimes, staffingOf, unbook, type Walk } from '../domain/walk';
import { canReport, fileReport, reportFacts, reportsOf, type WalkReportInput } from '../domain/walk-report';
import { WalkNotFound, WalkRefused } from './errors';
import type { VolunteerStore, WalkerLinks, WalkRules, WalkStore } from './ports';
import { walkerOfLink } from './walker-actions';

const DAY_MS = 86_400_000;
/** The walk page shows walks of the coming 8 weeks, and the walker's own walks of the last 31 days (to report on). */
const AHEAD_DAYS = 56;
const BACK_DAYS = 31;
const LIST_LIMIT = 500;

/**
 * What the walker's page shows and files through their link: their organisation's upcoming walks and the recent walks
 * they booked, each with what the walker may do now (the answers of the same rules the actions run), and the
 * after-walk report — one per walker and walk, only for a walk they were booked on and checked in to, written in the
 * walk's document with `volunteers.walk-reported.v1` (counts, categories, places; no walker, no free text).
 */
export class WalkerWalks {
  constructor(
    private readonly volunteers: VolunteerStore,
    private readonly links: WalkerLinks,
    private readonly walks: WalkStore,
    private readonly rules: WalkRules,
    private readonly clock: Clock = systemClock,
  ) {}

  async list(token: string) {
    const now = this.clock();
    const volunteer = await walkerOfLink(token, this.links, this.volunteers, now);
    const m = volunteer.municipalityId;
    const facts = walkerFactsOf(volunteer, this.rules.defaultOrganisation(m) ?? '');
    const organisationId = facts?.organisationId ?? volunteer.organisationId;
    const found = await this.walks.list(m, new Date(now.getTime() - BACK_DAYS * DAY_MS), new Date(now.getTime() + AHEAD_DAYS * DAY_MS), LIST_LIMIT);
    const mine = (w: Walk) => w.bookings.some((b) => b.volunteerId === volunteer.id);
    const shown = found.filter((w) => mine(w) || (w.organisationId === organisationId && w.status === 'scheduled' && Date.parse(w.startsAt) > now.getTime()));
    return {
      municipalityId: m,
      language: volunteer.language,
      walks: shown.map((w) => {
        const rules = this.rules.organisation(m, w.organisationId);
        const presence = w.log.filter((l) => l.volunteerId === volunteer.id).at(-1)?.kind;
        return {
          walkId: w.id,
          organisationId: w.organisationId,
          startsAt: w.startsAt,
          endsAt: w.endsAt,
          meetingPoint: w.meetingPoint,
          status: w.status,
          staffed: rules ? staffingOf(w, rules).staffed : false,
          placesLeft: Math.max(0, w.maxWalkers - w.bookings.length),
          booked: mine(w),
          presence: presence === 'check-in' ? ('checked-in' as const) : presence === 'check-out' ? ('checked-out' as const) : ('none' as const),
          canBook: Boolean(rules && facts) && typeof book(w, facts!, rules!, now) !== 'string',
          canUnbook: typeof unbook(w, volunteer.id, now) !== 'string',
          canCheckIn: typeof checkIn(w, volunteer.id, now) !== 'string',
          canCheckOut: typeof checkOut(w, volunteer.id, now) !== 'string',
          canReport: canReport(w, volunteer.id, now) === 'ok',
          reported: reportsOf(w).some((r) => r.volunteerId === volunteer.id),
        };
      }),
    };
  }

  async report(token: string, walkId: string, input: WalkReportInput, correlationId: string): Promise<{ walkId: string; reportId: string; status: 'reported' }> {
    const volunteer = await walkerOfLink(token, this.links, this.volunteers, this.clock());
    const m = volunteer.municipalityId;
    const reportId = randomUUID();
    const result = await this.walks.change<string>(m, walkId, (current) => {
      const now = this.clock();
      const filed = fileReport(current, volunteer.id, reportId, input, now);
      if (typeof filed === 'string') return { result: filed };
      const { localDate } = localTimes(current, this.rules.timezone(m));
      const event = createEvent(
        WalkReportedV1,
        { municipalityId: m, correlationId },
        { walkId: current.id, organisationId: current.organisationId, startsAt: current.startsAt, endsAt: current.endsAt, meetingPoint: current.meetingPoint, localDate, ...reportFacts(filed.report) },
        now,
      );
      return { next: filed.next, events: [event], result: 'ok' };
    });
    if (result === 'not-found') throw new WalkNotFound();
    if (result !== 'ok') throw new WalkRefused(result);
    return { walkId, reportId, status: 'reported' };
  }
}
