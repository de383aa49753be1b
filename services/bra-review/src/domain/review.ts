import { createHash } from 'node:crypto';

/**
 * A review by a municipality's local crime-prevention council (lokalt BRÅ) of a new neighbourhood-watch group or
 * walker organisation: one per onboarding step request. This service is an example plug-in: it knows nothing of
 * onboarding's insides, only the two topics of the plug-in contract (docs/plugins.md).
 */
export type ReviewOutcome = 'approved' | 'rejected' | 'needs-info';

export interface Review {
  id: string;
  municipalityId: string;
  instanceId: string;
  stepId: string;
  stepType: string;
  attempt: number;
  subject: { kind: 'member' | 'contact-person' | 'volunteer'; id: string; personId: string };
  /** Only what the municipality's process declared this step needs. */
  subjectFields: Record<string, string | number | boolean>;
  parameters: Record<string, unknown>;
  dueAt: string | null;
  status: 'pending' | 'decided';
  decision: { outcome: ReviewOutcome; reason: string; reviewer: string; decidedAt: string } | null;
  requestedAt: string;
}

/** One review per (instance, step, attempt): a redelivered request finds the same review. */
export function reviewIdFor(instanceId: string, stepId: string, attempt: number): string {
  const h = createHash('sha256').update(`bra-review:${instanceId}:${stepId}:${attempt}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class ReviewAlreadyDecided extends Error {
  constructor(id: string) {
    super(`review ${id} is already decided`);
    this.name = 'ReviewAlreadyDecided';
  }
}

export function decideReview(review: Review, decision: { outcome: ReviewOutcome; reason: string; reviewer: string }, now: Date): Review {
  if (review.status !== 'pending') throw new ReviewAlreadyDecided(review.id);
  return { ...review, status: 'decided', decision: { ...decision, decidedAt: now.toISOString() } };
}
