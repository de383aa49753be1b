import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput } from '@trygg/service-kit';
import { DecideReview, ReviewNotFound, type ReviewStore } from '../application/reviews';
import { ReviewAlreadyDecided } from '../domain/review';
import { DevStaffGuard, type DevReviewer, Reviewer } from './dev-staff.guard';

export const REVIEW_STORE = Symbol('REVIEW_STORE');

const decisionBody = z
  .object({
    outcome: z.enum(['approved', 'rejected', 'needs-info']),
    reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(2000),
  })
  .strict();

@Controller('reviews')
@UseGuards(DevStaffGuard)
export class ReviewsController {
  constructor(
    private readonly decide: DecideReview,
    @Inject(REVIEW_STORE) private readonly reviews: ReviewStore,
  ) {}

  /** The council's pending reviews in its own municipality, oldest first. */
  @Get()
  async pending(@Reviewer() who: DevReviewer) {
    return { reviews: await this.reviews.pending(who.municipalityId) };
  }

  @Post(':id/decision')
  @HttpCode(200)
  async decision(@Reviewer() who: DevReviewer, @Param('id') id: string, @Body() body: unknown) {
    parseInput(z.uuid('must be a review id'), id);
    const { outcome, reason } = parseInput(decisionBody, body);
    try {
      const decided = await this.decide.execute(who.municipalityId, id, { outcome, reason, reviewer: who.reviewer }, currentCorrelationId() ?? 'http');
      return { reviewId: id, status: decided.status, decision: decided.decision };
    } catch (error) {
      if (error instanceof ReviewNotFound) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No such review' }, HttpStatus.NOT_FOUND);
      if (error instanceof ReviewAlreadyDecided) throw new HttpException({ statusCode: 409, error: 'already_decided', message: error.message }, HttpStatus.CONFLICT);
      throw error;
    }
  }
}
