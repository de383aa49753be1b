import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { braReview, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput } from '@trygg/service-kit';
import { decisionHttpError } from '@trygg/step-worker';
import { DecideReview } from '../application/decide-review';
import type { ReviewStore } from '../application/ports';
import { DevStaffGuard, type DevReviewer, Reviewer } from './dev-staff.guard';

export const REVIEW_STORE = Symbol('REVIEW_STORE');

@Controller('reviews')
@UseGuards(DevStaffGuard)
export class ReviewsController {
  constructor(
    private readonly decide: DecideReview,
    @Inject(REVIEW_STORE) private readonly reviews: ReviewStore,
  ) {}

  /** The council's pending reviews in its own municipality, oldest first. */
  @Get()
  async pending(@Reviewer() who: DevReviewer): Promise<ResponseOf<typeof braReview.pendingReviews, 200>> {
    return { reviews: await this.reviews.pending(who.municipalityId) };
  }

  @Post(':id/decision')
  @HttpCode(200)
  async decision(@Reviewer() who: DevReviewer, @Param('id') id: string, @Body() body: unknown): Promise<ResponseOf<typeof braReview.decideReview, 200>> {
    parseInput(z.uuid('must be a review id'), id);
    const { outcome, reason } = parseInput(braReview.decideReview.body, body);
    try {
      const decided = await this.decide.execute(who.municipalityId, id, { outcome, reason, reviewer: who.reviewer }, currentCorrelationId() ?? 'http');
      return { reviewId: id, status: decided.status, decision: decided.decision };
    } catch (error) {
      throw decisionHttpError(error, 'No such review');
    }
  }
}
