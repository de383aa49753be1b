import { z } from 'zod';
import { auditRecordsRoute } from './audit';
import { defineRoute } from './define-route';
import { invalid, isoDateTime, problem } from './common';
import { braReviewPersonalDataSchema, personalDataRoute } from './personal-data';
import { decisionInput, stepWorkSchema } from './step-work';

const service = 'bra-review';

export const reviewDecisionInput = decisionInput(['approved', 'rejected', 'needs-info']);

const reviewDecision = z.object({ outcome: z.enum(['approved', 'rejected', 'needs-info']), reason: z.string(), reviewer: z.string() });
export const reviewSchema = stepWorkSchema(reviewDecision.shape, { parameters: z.record(z.string(), z.unknown()), requestedAt: isoDateTime });

const staffProblems = { 401: problem('unauthenticated: no valid access token'), 403: problem('forbidden: not a reviewer of step bra-review') } as const;

export const pendingReviews = defineRoute({
  service,
  operationId: 'pendingReviews',
  method: 'get',
  path: '/reviews',
  summary: 'The council\'s pending reviews in its own municipality, oldest first',
  access: { kind: 'signed-in', roles: ['reviewer'], reviewerStep: 'bra-review', scope: 'resource' },
  responses: { 200: { description: 'the pending reviews', schema: z.object({ reviews: z.array(reviewSchema) }) }, ...staffProblems },
});

export const decideReview = defineRoute({
  service,
  operationId: 'decideReview',
  method: 'post',
  path: '/reviews/:id/decision',
  summary: 'The council decides a review (approved, rejected, needs-info) with a reason',
  access: { kind: 'signed-in', roles: ['reviewer'], reviewerStep: 'bra-review', scope: 'resource' },
  params: z.object({ id: z.string() }),
  body: reviewDecisionInput,
  responses: {
    200: { description: 'decided', schema: z.object({ reviewId: z.string(), status: z.enum(['pending', 'decided']), decision: reviewDecision.extend({ decidedAt: isoDateTime }).nullable() }) },
    400: invalid,
    ...staffProblems,
    404: problem('not_found: no such review in the reviewer\'s municipality'),
    409: problem('already_decided'),
  },
});

/** Every HTTP endpoint of the bra-review service. */
export const auditRecords = auditRecordsRoute(service);

/** "Mina uppgifter": the person's reviews, for the web only (INTERNAL_SECRET_WEB_PERSONAL_DATA). */
export const personalData = personalDataRoute(service, 'What bra-review holds about a person: their reviews and the decisions (without the reviewer\'s reason or identity)', braReviewPersonalDataSchema);

/** Every HTTP endpoint of the bra-review service. */
export const braReviewRoutes = [personalData, pendingReviews, decideReview, auditRecords] as const;
