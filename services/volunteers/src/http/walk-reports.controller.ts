import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { type ResponseOf, walkReports } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, ValidationFailed } from '@trygg/service-kit';
import { WalkNotFound } from '../application/errors';
import type { StaffActor } from '../application/ports';
import { RoundNotFound } from '../application/round-errors';
import { AlreadyPromoted, PromoteUnsafePlace, PromotionInvalid, RoundFollowUp, ShowMonthReport } from '../application/walk-reports';
import { FindingRuleBroken } from '../domain/finding';
import { RoundRuleBroken } from '../domain/round';

const correlation = () => currentCorrelationId() ?? 'none';

/** The coordinator acting in the municipality of the path (the AccessGuard checked it is theirs). */
function actorOf(principal: Principal, municipalityId: string): StaffActor {
  return { subject: principal.subject, name: principal.name, role: 'coordinator', scope: municipalityId };
}

async function answered<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WalkNotFound || error instanceof RoundNotFound) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'Not found' }, HttpStatus.NOT_FOUND);
    if (error instanceof AlreadyPromoted) throw new HttpException({ statusCode: 409, error: 'already_promoted', message: 'The place was promoted already', findingId: error.findingId }, HttpStatus.CONFLICT);
    if (error instanceof PromotionInvalid) throw new ValidationFailed(error.problems);
    if (error instanceof RoundRuleBroken && (error.refusal === 'invalid-date' || error.refusal === 'too-many-groups')) {
      throw new ValidationFailed([error.refusal === 'invalid-date' ? { field: 'date', message: 'must be a date on or after the round' } : { field: 'groups', message: 'at most 30 groups' }]);
    }
    if (error instanceof FindingRuleBroken && error.refusal === 'place-outside-sweden') throw new ValidationFailed([{ field: 'place', message: 'the reported map point is outside Sweden' }]);
    if (error instanceof FindingRuleBroken || error instanceof RoundRuleBroken) throw new HttpException({ statusCode: 409, error: error.refusal, message: 'Not allowed in the current state' }, HttpStatus.CONFLICT);
    throw error;
  }
}

/**
 * The walks' monthly report (the coordinator and the read-only roles: `walkReports.showMonthReport`'s access), the
 * promotion of a reported unsafe place to a round's finding, and a round's follow-up (the coordinator's).
 */
@Controller()
export class WalkReportsController {
  constructor(
    private readonly report: ShowMonthReport,
    private readonly promote: PromoteUnsafePlace,
    private readonly followUp: RoundFollowUp,
  ) {}

  @Get('staff/:m/walk-reports/:month')
  async month(@Param() params: unknown): Promise<ResponseOf<typeof walkReports.showMonthReport, 200>> {
    const { m, month } = parseInput(walkReports.showMonthReport.params, params);
    return this.report.execute(m, month);
  }

  @Post('staff/:m/walks/:walkId/reports/:reportId/places/:index/promotion')
  @HttpCode(201)
  async promotePlace(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof walkReports.promoteUnsafePlace, 201>> {
    const { m, walkId, reportId, index } = parseInput(walkReports.promoteUnsafePlace.params, params);
    const choice = parseInput(walkReports.promoteUnsafePlace.body, body);
    const finding = await answered(() => this.promote.execute(actorOf(principal, m), walkId, reportId, Number(index), choice, correlation()));
    return { findingId: finding.id, roundId: finding.roundId };
  }

  @Post('staff/:m/rounds/:roundId/follow-up-meeting')
  @HttpCode(200)
  async meeting(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof walkReports.setFollowUpMeeting, 200>> {
    const { m, roundId } = parseInput(walkReports.setFollowUpMeeting.params, params);
    const { date } = parseInput(walkReports.setFollowUpMeeting.body, body);
    const round = await answered(() => this.followUp.setMeeting(actorOf(principal, m), roundId, date, correlation()));
    return { roundId: round.id, followUpMeetingDate: round.followUpMeetingDate ?? date };
  }

  @Put('staff/:m/rounds/:roundId/reference-groups')
  async groups(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof walkReports.setReferenceGroups, 200>> {
    const { m, roundId } = parseInput(walkReports.setReferenceGroups.params, params);
    const { groups } = parseInput(walkReports.setReferenceGroups.body, body);
    const round = await answered(() => this.followUp.setGroups(actorOf(principal, m), roundId, groups, correlation()));
    return { roundId: round.id, referenceGroups: round.referenceGroups ?? [] };
  }

  @Get('staff/:m/rounds/:roundId/follow-up')
  async review(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<ResponseOf<typeof walkReports.showFollowUp, 200>> {
    const { m, roundId } = parseInput(walkReports.showFollowUp.params, params);
    const r = await answered(() => this.followUp.review(actorOf(principal, m), roundId));
    return {
      roundId: r.round.id,
      district: r.round.district,
      plannedDate: r.round.plannedDate,
      status: r.round.status,
      followUpMeetingDate: r.round.followUpMeetingDate ?? null,
      suggestedFollowUpDate: r.suggested,
      referenceGroups: r.round.referenceGroups ?? [],
      groups: r.groups,
      today: r.today,
      aim: r.aim,
      counts: r.counts,
      findings: r.rows.map(({ finding: f, daysOpen, overdue, pastAim }) => ({
        findingId: f.id,
        place: f.place,
        category: f.category,
        description: f.description,
        responsibleOrganisation: f.responsibleOrganisation,
        status: f.status,
        ownerEmail: f.ownerEmail,
        deadline: f.deadline,
        recordedAt: f.recordedAt,
        closedAt: f.closedAt,
        daysOpen,
        overdue,
        pastAim,
        origin: f.origin ?? null,
      })),
    };
  }
}
