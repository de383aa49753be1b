import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Post, Param } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { policeLiaison, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, principalActor } from '@trygg/service-kit';
import { decisionHttpError, workAsSeenBy } from '@trygg/step-worker';
import { DecideCase } from '../application/decide-case';
import { ListPendingCases } from '../application/list-pending-cases';
import { ShowOverview } from '../application/show-overview';
import { RevokeCase } from '../application/revoke-case';
import { ShowCase } from '../application/show-case';
import { CaseNotApproved } from '../domain/police-case';

export const CASE_STORE = Symbol('CASE_STORE');

/**
 * The officer's work list and decisions. Access is libs/auth's AccessGuard (the route contracts: a signed-in
 * police-officer); every query is scoped by the officer's police area from the token, so a case of another area is
 * a 404.
 */
@Controller()
export class CasesController {
  constructor(
    private readonly decide: DecideCase,
    private readonly listPending: ListPendingCases,
    private readonly overview: ShowOverview,
    private readonly showCase: ShowCase,
    private readonly revokeCase: RevokeCase,
  ) {}

  /**
   * Pending cases of the officer's own police area, oldest first, with days waiting against the municipality's target
   * (the guard answered 403 for another area); the view is audited.
   */
  @Get('police-areas/:id/cases')
  async pending(@CurrentPrincipal() officer: Principal, @Param('id') _areaId: string): Promise<ResponseOf<typeof policeLiaison.pendingCases, 200>> {
    const area = areaOf(officer);
    const viewer = { actor: principalActor(officer, 'police-officer', area), municipalityIds: officer.municipalityIds, policeAreaId: area };
    // A protected person's name is "Skyddad person" unless the officer's token grants the protected-identity permission.
    const cases = await this.listPending.execute(area, viewer, currentCorrelationId() ?? 'http');
    return { cases: cases.map(({ overdueReminderSentAt: _sent, ...c }) => workAsSeenBy(c, officer)) };
  }

  /** The overview of the officer's own police area (counts only: no person is shown, so the view is not audited). */
  @Get('police-areas/:id/overview')
  async areaOverview(@CurrentPrincipal() officer: Principal, @Param('id') _areaId: string): Promise<ResponseOf<typeof policeLiaison.policeOverview, 200>> {
    return this.overview.execute(areaOf(officer), officer.municipalityIds);
  }

  @Post('cases/:id/decision')
  @HttpCode(200)
  async decision(@CurrentPrincipal() officer: Principal, @Param('id') caseId: string, @Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.decideCase, 200>> {
    parseInput(z.uuid('must be a case id'), caseId);
    const { outcome, reason } = parseInput(policeLiaison.decideCase.body, body);
    try {
      const area = areaOf(officer);
      const by = principalActor(officer, 'police-officer', area);
      const decided = await this.decide.execute(area, caseId, { outcome, reason, decidedBy: officer.subject }, currentCorrelationId() ?? 'http', by);
      return { caseId, status: decided.status, decision: decided.decision };
    } catch (error) {
      throw decisionHttpError(error, 'No such case in your police area');
    }
  }

  /** One case of the officer's area, whatever its status, with its decision history; the view is audited. */
  @Get('cases/:id')
  async one(@CurrentPrincipal() officer: Principal, @Param('id') caseId: string): Promise<ResponseOf<typeof policeLiaison.showCase, 200>> {
    parseInput(z.uuid('must be a case id'), caseId);
    try {
      const area = areaOf(officer);
      const found = await this.showCase.execute(area, caseId, currentCorrelationId() ?? 'http', principalActor(officer, 'police-officer', area));
      return { case: workAsSeenBy(found, officer), groupId: await this.showCase.groupOf(found) };
    } catch (error) {
      throw decisionHttpError(error, 'No such case in your police area');
    }
  }

  /** Revokes an approved case of the officer's area: a new decision with its own reason (never an edit of the approval). */
  @Post('cases/:id/revocation')
  @HttpCode(200)
  async revocation(@CurrentPrincipal() officer: Principal, @Param('id') caseId: string, @Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.revokeCase, 200>> {
    parseInput(z.uuid('must be a case id'), caseId);
    const { reason } = parseInput(policeLiaison.revokeCase.body, body);
    try {
      const area = areaOf(officer);
      const revoked = await this.revokeCase.execute(area, caseId, { reason, decidedBy: officer.subject }, currentCorrelationId() ?? 'http', principalActor(officer, 'police-officer', area));
      return { caseId, status: revoked.status, decision: revoked.decision! };
    } catch (error) {
      if (error instanceof CaseNotApproved) throw new HttpException({ statusCode: 409, error: 'not_approved', message: error.message }, HttpStatus.CONFLICT);
      throw decisionHttpError(error, 'No such case in your police area');
    }
  }
}

/** The officer's police area (a police-officer principal always has one: the token verifier checks it). */
function areaOf(officer: Principal): string {
  if (!officer.policeAreaId) throw new Error('a police-officer principal without a police area');
  return officer.policeAreaId;
}
