import { z } from 'zod';
import { auditRecordsRoute } from './audit';
import { defineRoute } from './define-route';
import { personalDataRoute, policeLiaisonPersonalDataSchema } from './personal-data';
import { invalid, isoDateTime, problem } from './common';
import { decisionInput, stepWorkSchema } from './step-work';
import { startMeetingRoutes } from './start-meetings';

export * from './start-meetings';

const service = 'police-liaison';

export const policeDecisionInput = decisionInput(['approve', 'reject', 'needs-info']);

const policeDecision = z.object({ outcome: z.enum(['approve', 'reject', 'needs-info']), reason: z.string(), decidedBy: z.string() });
export const policeCaseSchema = stepWorkSchema(policeDecision.shape, { policeAreaId: z.string(), openedAt: isoDateTime });

const officerProblems = { 401: problem('unauthenticated: no valid access token'), 403: problem('forbidden: not a police officer, or another police area') } as const;

export const pendingCases = defineRoute({
  service,
  operationId: 'pendingCases',
  method: 'get',
  path: '/police-areas/:id/cases',
  summary: 'Pending police-approval cases of the officer\'s own police area, oldest first',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: { policeAreaParam: 'id' } },
  params: z.object({ id: z.string() }),
  responses: { 200: { description: 'the pending cases', schema: z.object({ cases: z.array(policeCaseSchema) }) }, ...officerProblems },
});

export const decideCase = defineRoute({
  service,
  operationId: 'decideCase',
  method: 'post',
  path: '/cases/:id/decision',
  summary: 'The officer decides a case (approve, reject, needs-info) with a reason',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: 'resource' },
  params: z.object({ id: z.string() }),
  body: policeDecisionInput,
  responses: {
    200: { description: 'decided', schema: z.object({ caseId: z.string(), status: z.enum(['pending', 'decided']), decision: policeDecision.extend({ decidedAt: isoDateTime }).nullable() }) },
    400: invalid,
    ...officerProblems,
    404: problem('not_found: no such case in the officer\'s police area'),
    409: problem('already_decided'),
  },
});

/** Every HTTP endpoint of the police-liaison service. */
export const auditRecords = auditRecordsRoute(service);

/** Every HTTP endpoint of the police-liaison service. */
export const personalData = personalDataRoute(service, 'What police-liaison holds about a person: their cases and the decisions (without the officer\'s note)', policeLiaisonPersonalDataSchema);

export const policeLiaisonRoutes = [personalData, pendingCases, decideCase, auditRecords, ...startMeetingRoutes] as const;
