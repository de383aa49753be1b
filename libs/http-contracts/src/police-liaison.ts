import { z } from 'zod';
import { auditRecordsRoute } from './audit';
import { defineRoute } from './define-route';
import { personalDataRoute, policeLiaisonPersonalDataSchema } from './personal-data';
import { invalid, isoDateTime, problem } from './common';
import { policeOverview } from './police-overview';
import { decisionInput, stepWorkSchema } from './step-work';
import { observationRoutes } from './observations';
import { areaMessageRoutes } from './area-messages';

export * from './observations';
export * from './area-messages';

export { policeOverview, policeOverviewSchema } from './police-overview';
import { startMeetingRoutes } from './start-meetings';

export * from './start-meetings';

const service = 'police-liaison';

export const policeDecisionInput = decisionInput(['approve', 'reject', 'needs-info']);

/** `revoked`: the officer revoked an approval — a new decision; the approval it replaced stays in `decisionHistory`. */
const policeDecision = z.object({ outcome: z.enum(['approve', 'reject', 'needs-info', 'revoked']), reason: z.string(), decidedBy: z.string() });
export const policeCaseSchema = stepWorkSchema(policeDecision.shape, {
  policeAreaId: z.string(),
  openedAt: isoDateTime,
  /** The decisions the standing one replaced, oldest first (a decision is never edited: a revocation follows the approval). */
  decisionHistory: z.array(policeDecision.extend({ decidedAt: isoDateTime })).optional(),
});

/** The longest reason of a revocation (as of every decision). */
export const REVOCATION_REASON_MAX = 2000;

/** The body of a revocation: the reason (required: the contact person and the coordinator are told). */
export const policeRevocationInput = z
  .object({ reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(REVOCATION_REASON_MAX, `at most ${REVOCATION_REASON_MAX} characters`) })
  .strict();
/** How long a pending case has waited, against its municipality's target. */
const waitingShape = {
  /** When the case began to wait for the officer. */
  waitingSince: isoDateTime,
  /** Whole days (24 h) waited so far. */
  daysWaiting: z.number().int().nonnegative(),
  /** The municipality's approval target in days (municipality.yaml `police.approvalTargetDays`). */
  targetDays: z.number().int().positive(),
  /** Waited at least `targetDays` days. */
  overdue: z.boolean(),
};
/** A pending case in the officer's queue: the case and its time waited against its municipality's target. */
export const queuedCaseSchema = policeCaseSchema.extend(waitingShape);
/** One case on its page: a pending one with its time waited (as in the queue), a decided one without. */
const shownCaseSchema = policeCaseSchema.extend(z.object(waitingShape).partial().shape);

const officerProblems = { 401: problem('unauthenticated: no valid access token'), 403: problem('forbidden: not a police officer, or another police area') } as const;

export const pendingCases = defineRoute({
  service,
  operationId: 'pendingCases',
  method: 'get',
  path: '/police-areas/:id/cases',
  summary: 'Pending police-approval cases of the officer\'s own police area, oldest first, with days waiting against the municipality\'s target',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: { policeAreaParam: 'id' } },
  params: z.object({ id: z.string() }),
  responses: { 200: { description: 'the pending cases', schema: z.object({ cases: z.array(queuedCaseSchema) }) }, ...officerProblems },
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

export const showCase = defineRoute({
  service,
  operationId: 'showCase',
  method: 'get',
  path: '/cases/:id',
  summary: 'One case of the officer\'s police area, whatever its status, with its decision history (the view is audited)',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: 'resource' },
  params: z.object({ id: z.string() }),
  responses: { 200: { description: 'the case (a pending one with its time waited)', schema: z.object({ case: shownCaseSchema }) }, 400: invalid, ...officerProblems, 404: problem('not_found: no such case in the officer\'s police area') },
});

export const revokeCase = defineRoute({
  service,
  operationId: 'revokeCase',
  method: 'post',
  path: '/cases/:id/revocation',
  summary: 'The officer revokes an approved case with a reason: a new decision (the approval stays in the history); the contact person is deactivated',
  access: { kind: 'signed-in', roles: ['police-officer'], scope: 'resource' },
  params: z.object({ id: z.string() }),
  body: policeRevocationInput,
  responses: {
    200: { description: 'revoked', schema: z.object({ caseId: z.string(), status: z.enum(['pending', 'decided']), decision: policeDecision.extend({ decidedAt: isoDateTime }) }) },
    400: invalid,
    ...officerProblems,
    404: problem('not_found: no such case in the officer\'s police area'),
    409: problem('not_approved: the case is not approved (pending, rejected, waiting for information, or revoked already)'),
  },
});

/** Every HTTP endpoint of the police-liaison service. */
export const auditRecords = auditRecordsRoute(service);

/** Every HTTP endpoint of the police-liaison service. */
export const personalData = personalDataRoute(service, 'What police-liaison holds about a person: their cases and the decisions (without the officer\'s note)', policeLiaisonPersonalDataSchema);

export const policeLiaisonRoutes = [personalData, pendingCases, policeOverview, decideCase, showCase, revokeCase, auditRecords, ...observationRoutes, ...startMeetingRoutes, ...areaMessageRoutes] as const;
