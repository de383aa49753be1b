import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { type ResponseOf, walkerWalks, walks } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, ValidationFailed } from '@trygg/service-kit';
import { LinkRejected, WalkerNotFound, WalkNotFound, WalkPlanInvalid, WalkRefused } from '../application/errors';
import type { StaffActor } from '../application/ports';
import { RecordQualifications, WalkerActions } from '../application/walker-actions';
import { WalkerWalks } from '../application/walker-walks';
import { CoordinateWalks } from '../application/walks';
import { ShowWalk } from '../application/show-walk';

const DAY_MS = 86_400_000;
/** The list's default period: from today, 8 weeks. */
const DEFAULT_LIST_DAYS = 56;

/** The answer to a refusal: 409 with the rule's code, 404 for an unknown walk, 400 naming the plan's bad fields. */
function answer(error: unknown): never {
  if (error instanceof WalkRefused) throw new HttpException({ statusCode: 409, error: error.code, message: 'The walk\'s rules refuse this' }, HttpStatus.CONFLICT);
  if (error instanceof WalkNotFound) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No such walk' }, HttpStatus.NOT_FOUND);
  if (error instanceof WalkerNotFound) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No such volunteer' }, HttpStatus.NOT_FOUND);
  if (error instanceof WalkPlanInvalid) throw new ValidationFailed(error.problems);
  if (error instanceof LinkRejected) {
    const status = error.code === 'token_invalid' ? HttpStatus.NOT_FOUND : HttpStatus.GONE;
    throw new HttpException({ statusCode: status, error: error.code, message: 'The link cannot be used' }, status);
  }
  throw error;
}

/** The coordinator as the audit names them, acting in their own municipality (the route's scope checked `:m`). */
function actorOf(coordinator: Principal, m: string): StaffActor {
  return { subject: coordinator.subject, name: coordinator.name, role: 'coordinator', scope: m };
}

/**
 * Walks: the coordinator's (signed in, scoped by `:m` against the token's municipality by the AccessGuard) and the
 * walker's actions through the link they hold (`/walker/:token/…`; the link names the walker and their municipality).
 */
@Controller()
export class WalksController {
  constructor(
    private readonly coordinate: CoordinateWalks,
    private readonly walker: WalkerActions,
    private readonly qualifications: RecordQualifications,
    private readonly walkerWalks: WalkerWalks,
    private readonly showOne: ShowWalk,
  ) {}

  @Post('staff/:m/walks')
  @HttpCode(201)
  async schedule(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Body() body: unknown): Promise<ResponseOf<typeof walks.scheduleWalk, 201>> {
    const plan = parseInput(walks.scheduleWalk.body, body);
    return this.coordinate.scheduleOne(actorOf(principal, m), plan, currentCorrelationId() ?? 'none').catch(answer);
  }

  @Post('staff/:m/walk-series')
  @HttpCode(201)
  async scheduleSeries(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Body() body: unknown): Promise<ResponseOf<typeof walks.scheduleWalkSeries, 201>> {
    const series = parseInput(walks.scheduleWalkSeries.body, body);
    return this.coordinate.scheduleSeries(actorOf(principal, m), series, currentCorrelationId() ?? 'none').catch(answer);
  }

  @Get('staff/:m/walks')
  async list(@Param('m') m: string, @Query() query: unknown): Promise<ResponseOf<typeof walks.listWalks, 200>> {
    const { from, to } = parseInput(walks.listWalks.query, query);
    const start = from ? new Date(`${from}T00:00:00Z`) : new Date(new Date().toISOString().slice(0, 10));
    const end = to ? new Date(`${to}T00:00:00Z`) : new Date(start.getTime() + DEFAULT_LIST_DAYS * DAY_MS);
    return { walks: await this.coordinate.list(m, start, end) };
  }

  @Get('staff/:m/walks/:walkId')
  async show(@Param() params: unknown): Promise<ResponseOf<typeof walks.showWalk, 200>> {
    const { m, walkId } = parseInput(walks.showWalk.params, params);
    return this.showOne.execute(m, walkId).catch(answer);
  }

  @Post('staff/:m/walks/:walkId/cancellation')
  @HttpCode(200)
  async cancel(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof walks.cancelWalk, 200>> {
    const { m, walkId } = parseInput(walks.cancelWalk.params, params);
    const { reason } = parseInput(walks.cancelWalk.body, body);
    return this.coordinate.cancel(actorOf(principal, m), walkId, reason, currentCorrelationId() ?? 'none').catch(answer);
  }

  @Post('staff/:m/walks/:walkId/debrief')
  @HttpCode(200)
  async debrief(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof walks.debriefWalk, 200>> {
    const { m, walkId } = parseInput(walks.debriefWalk.params, params);
    const { note } = parseInput(walks.debriefWalk.body, body);
    return this.coordinate.writeDebrief(actorOf(principal, m), walkId, note, currentCorrelationId() ?? 'none').catch(answer);
  }

  @Post('staff/:m/volunteers/:volunteerId/qualifications')
  @HttpCode(200)
  async qualify(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof walks.recordWalkerQualifications, 200>> {
    const { m, volunteerId } = parseInput(walks.recordWalkerQualifications.params, params);
    const change = parseInput(walks.recordWalkerQualifications.body, body);
    return this.qualifications.execute(actorOf(principal, m), volunteerId, change, currentCorrelationId() ?? 'none').catch(answer);
  }

  @Post('walker/:token/walks/:walkId/booking')
  @HttpCode(200)
  book(@Param() params: unknown) {
    return this.act(params, 'book');
  }

  @Post('walker/:token/walks/:walkId/unbooking')
  @HttpCode(200)
  unbook(@Param() params: unknown) {
    return this.act(params, 'unbook');
  }

  @Post('walker/:token/walks/:walkId/check-in')
  @HttpCode(200)
  checkIn(@Param() params: unknown) {
    return this.act(params, 'check-in');
  }

  @Post('walker/:token/walks/:walkId/check-out')
  @HttpCode(200)
  checkOut(@Param() params: unknown) {
    return this.act(params, 'check-out');
  }

  @Get('walker/:token/walks')
  async walkerList(@Param() params: unknown): Promise<ResponseOf<typeof walkerWalks.listWalkerWalks, 200>> {
    const { token } = parseInput(walkerWalks.listWalkerWalks.params, params);
    return this.walkerWalks.list(token).catch(answer);
  }

  @Post('walker/:token/walks/:walkId/report')
  @HttpCode(201)
  async report(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof walkerWalks.reportWalk, 201>> {
    const { token, walkId } = parseInput(walkerWalks.reportWalk.params, params);
    const r = parseInput(walkerWalks.reportWalk.body, body);
    const input = {
      peopleMet: r.peopleMet,
      incidents: { count: r.incidents.count, description: r.incidents.description ?? null },
      unsafePlaces: r.unsafePlaces.map((p) => ({ place: p.place ?? null, point: p.point ?? null, category: p.category, description: p.description ?? null })),
      followUp: r.followUp ?? null,
    };
    return this.walkerWalks.report(token, walkId, input, currentCorrelationId() ?? 'none').catch(answer);
  }

  private act(params: unknown, action: 'book' | 'unbook' | 'check-in' | 'check-out') {
    const { token, walkId } = parseInput(walks.bookWalk.params, params);
    return this.walker.act(token, walkId, action).catch(answer);
  }
}
