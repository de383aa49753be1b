import type { BraReviewPersonalData } from '@trygg/http-contracts';
import type { ReviewStore } from './ports';

/**
 * "Mina uppgifter" (GDPR Art. 15): the person's local BRÅ reviews — step, attempt, status, when requested, the subject
 * fields the review holds — and each decision's outcome and time. The reviewer's reason and identity are internal
 * notes of the council and are left out.
 */
export class ShowPersonalData {
  constructor(private readonly reviews: Pick<ReviewStore, 'ofPerson'>) {}

  async execute(municipalityId: string, personId: string): Promise<BraReviewPersonalData> {
    const reviews = await this.reviews.ofPerson(municipalityId, personId);
    return {
      reviews: reviews
        .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt))
        .map((r) => ({
          id: r.id,
          stepType: r.stepType,
          attempt: r.attempt,
          status: r.status,
          requestedAt: r.requestedAt,
          subjectFields: { ...r.subjectFields },
          decision: r.decision ? { outcome: r.decision.outcome, decidedAt: r.decision.decidedAt } : null,
        })),
    };
  }
}
