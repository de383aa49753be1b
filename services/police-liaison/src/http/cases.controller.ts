import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput } from '@trygg/service-kit';
import { CaseNotFound, DecideCase, type CaseStore } from '../application/cases';
import { CaseAlreadyDecided } from '../domain/police-case';
import { DevPoliceGuard, type DevOfficer, Officer } from './dev-police.guard';

export const CASE_STORE = Symbol('CASE_STORE');

const decisionBody = z
  .object({
    outcome: z.enum(['approve', 'reject', 'needs-info']),
    reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(2000),
  })
  .strict();

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
  async pending(@Officer() officer: DevOfficer, @Param('id') areaId: string) {
    if (areaId !== officer.policeAreaId) throw notFound('No such police area');
    return { cases: await this.cases.pending(areaId) };
  }

  @Post('cases/:id/decision')
  @HttpCode(200)
  async decision(@Officer() officer: DevOfficer, @Param('id') caseId: string, @Body() body: unknown) {
    parseInput(z.uuid('must be a case id'), caseId);
    const { outcome, reason } = parseInput(decisionBody, body);
    try {
      const decided = await this.decide.execute(officer.policeAreaId, caseId, { outcome, reason, decidedBy: officer.officerId }, currentCorrelationId() ?? 'http');
      return { caseId, status: decided.status, decision: decided.decision };
    } catch (error) {
      if (error instanceof CaseNotFound) throw notFound('No such case in your police area');
      if (error instanceof CaseAlreadyDecided) throw new HttpException({ statusCode: 409, error: 'already_decided', message: error.message }, HttpStatus.CONFLICT);
      throw error;
    }
  }
}

function notFound(message: string) {
  return new HttpException({ statusCode: 404, error: 'not_found', message }, HttpStatus.NOT_FOUND);
}
