import { Body, Controller, Get, HttpCode, Post, Param } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { policeLiaison, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, principalActor } from '@trygg/service-kit';
import { decisionHttpError, workAsSeenBy } from '@trygg/step-worker';
import { DecideCase } from '../application/decide-case';
import { ListPendingCases } from '../application/list-pending-cases';
import { ShowOverview } from '../application/show-overview';

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
}

/** The officer's police area (a police-officer principal always has one: the token verifier checks it). */
function areaOf(officer: Principal): string {
  if (!officer.policeAreaId) throw new Error('a police-officer principal without a police area');
  return officer.policeAreaId;
}
