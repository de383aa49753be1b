import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { policeLiaison, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput } from '@trygg/service-kit';
import { decisionHttpError } from '@trygg/step-worker';
import { DecideCase } from '../application/decide-case';
import type { CaseStore } from '../application/ports';
import { DevPoliceGuard, type DevOfficer, Officer } from './dev-police.guard';

export const CASE_STORE = Symbol('CASE_STORE');

/** The officer's work list and decisions (JSON now; the officer's pages come with police sign-in). */
@Controller()
@UseGuards(DevPoliceGuard)
export class CasesController {
  constructor(
    private readonly decide: DecideCase,
    @Inject(CASE_STORE) private readonly cases: CaseStore,
  ) {}

  /** Pending cases of the officer's own police area, oldest first. */
  @Get('police-areas/:id/cases')
  async pending(@Officer() officer: DevOfficer, @Param('id') areaId: string): Promise<ResponseOf<typeof policeLiaison.pendingCases, 200>> {
    if (areaId !== officer.policeAreaId) throw notFound('No such police area');
    return { cases: await this.cases.pending(areaId) };
  }

  @Post('cases/:id/decision')
  @HttpCode(200)
  async decision(@Officer() officer: DevOfficer, @Param('id') caseId: string, @Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.decideCase, 200>> {
    parseInput(z.uuid('must be a case id'), caseId);
    const { outcome, reason } = parseInput(policeLiaison.decideCase.body, body);
    try {
      const decided = await this.decide.execute(officer.policeAreaId, caseId, { outcome, reason, decidedBy: officer.officerId }, currentCorrelationId() ?? 'http');
      return { caseId, status: decided.status, decision: decided.decision };
    } catch (error) {
      throw decisionHttpError(error, 'No such case in your police area');
    }
  }
}

function notFound(message: string) {
  return new HttpException({ statusCode: 404, error: 'not_found', message }, HttpStatus.NOT_FOUND);
}
