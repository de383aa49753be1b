import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { braReview, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, principalActor } from '@trygg/service-kit';
import { decisionHttpError, workAsSeenBy } from '@trygg/step-worker';
import { DecideReview } from '../application/decide-review';
import { ListPendingReviews } from '../application/list-pending-reviews';

export const REVIEW_STORE = Symbol('REVIEW_STORE');

/**
 * The council's work list and decisions. Access is libs/auth's AccessGuard (the route contracts: a signed-in
 * reviewer of step `bra-review`); every query is scoped by the reviewer's municipality from the token, so a review
 * of another municipality is a 404.
 */
@Controller('reviews')
export class ReviewsController {
  constructor(
    private readonly decide: DecideReview,
    private readonly listPending: ListPendingReviews,
  ) {}

  /** The council's pending reviews in its own municipality, oldest first; the view is audited. */
  @Get()
  async pending(@CurrentPrincipal() reviewer: Principal): Promise<ResponseOf<typeof braReview.pendingReviews, 200>> {
    const municipalityId = municipalityOf(reviewer);
    const viewer = { actor: principalActor(reviewer, 'reviewer', municipalityId), municipalityIds: [municipalityId] };
    // A protected person's name is "Skyddad person" unless the reviewer's token grants the protected-identity permission.
    const reviews = await this.listPending.execute(municipalityId, viewer, currentCorrelationId() ?? 'http');
    return { reviews: reviews.map((r) => workAsSeenBy(r, reviewer)) };
  }

  @Post(':id/decision')
  @HttpCode(200)
  async decision(@CurrentPrincipal() reviewer: Principal, @Param('id') id: string, @Body() body: unknown): Promise<ResponseOf<typeof braReview.decideReview, 200>> {
    parseInput(z.uuid('must be a review id'), id);
    const { outcome, reason } = parseInput(braReview.decideReview.body, body);
    const municipalityId = municipalityOf(reviewer);
    const by = principalActor(reviewer, 'reviewer', municipalityId);
    try {
      const decided = await this.decide.execute(municipalityId, id, { outcome, reason, reviewer: reviewer.subject }, currentCorrelationId() ?? 'http', by);
      return { reviewId: id, status: decided.status, decision: decided.decision };
    } catch (error) {
      throw decisionHttpError(error, 'No such review in your municipality');
    }
  }
}

/** The reviewer's municipality: the one whose IdP issued the token (a staff principal always has one). */
function municipalityOf(reviewer: Principal): string {
  if (!reviewer.municipalityId) throw new Error('a reviewer principal without a municipality');
  return reviewer.municipalityId;
}
