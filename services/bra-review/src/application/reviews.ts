import type { Logger } from 'pino';
import { createEvent, type EventEnvelope, OnboardingStepCompletedV1 } from '@trygg/contracts';
import { decideReview, type Review, reviewIdFor, type ReviewOutcome } from '../domain/review';

export interface ReviewStore {
  exclusive<T>(id: string, work: () => Promise<T>): Promise<T>;
  insert(review: Review): Promise<boolean>;
  /** Scoped to one municipality: another municipality's review is not found. */
  find(municipalityId: string, id: string): Promise<{ review: Review; version: number } | undefined>;
  pending(municipalityId: string): Promise<Review[]>;
  /** Erasure: removes the subject fields from every review of the person in the municipality. */
  forgetPerson(municipalityId: string, personId: string): Promise<number>;
  /** The decided review and its step-completed event in one write (outbox). */
  saveDecision(review: Review, expectedVersion: number, events: EventEnvelope[]): Promise<boolean>;
}

export interface PluginIdentity {
  /** The step type this plug-in does (what the municipality's definition declares under plugins). */
  stepType: string;
  /** The actor id it answers with (the definition's plugins.<type>.sender). */
  sender: string;
}

export interface StepRequest {
  municipalityId: string;
  instanceId: string;
  stepId: string;
  stepType: string;
  attempt: number;
  subject: Review['subject'];
  subjectFields: Review['subjectFields'];
  parameters: Record<string, unknown>;
  dueAt: string | null;
}

export class ReceiveRequest {
  constructor(
    private readonly reviews: ReviewStore,
    private readonly plugin: PluginIdentity,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Keeps a pending review for each request of our step type; other step types are not ours. */
  async execute(request: StepRequest): Promise<Review | undefined> {
    if (request.stepType !== this.plugin.stepType) return undefined;
    const review: Review = {
      id: reviewIdFor(request.instanceId, request.stepId, request.attempt),
      municipalityId: request.municipalityId,
      instanceId: request.instanceId,
      stepId: request.stepId,
      stepType: request.stepType,
      attempt: request.attempt,
      subject: request.subject,
      subjectFields: request.subjectFields,
      parameters: request.parameters,
      dueAt: request.dueAt,
      status: 'pending',
      decision: null,
      requestedAt: this.clock().toISOString(),
    };
    if (!(await this.reviews.insert(review))) return undefined;
    this.logger.info({ reviewId: review.id, municipalityId: review.municipalityId }, 'BRÅ review requested');
    return review;
  }
}

export class ReviewNotFound extends Error {}

export class DecideReview {
  constructor(
    private readonly reviews: ReviewStore,
    private readonly plugin: PluginIdentity,
    private readonly audit: { record(entry: Record<string, unknown>): Promise<void> },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(municipalityId: string, id: string, decision: { outcome: ReviewOutcome; reason: string; reviewer: string }, correlationId: string): Promise<Review> {
    return this.reviews.exclusive(id, async () => {
      const found = await this.reviews.find(municipalityId, id);
      if (!found) throw new ReviewNotFound(`no review ${id} in ${municipalityId}`);
      const now = this.clock();
      const decided = decideReview(found.review, decision, now);
      const event = createEvent(
        OnboardingStepCompletedV1,
        { municipalityId, correlationId, causationId: null },
        {
          instanceId: decided.instanceId,
          stepId: decided.stepId,
          stepType: decided.stepType,
          attempt: decided.attempt,
          outcome: decision.outcome,
          reason: decision.reason,
          actor: { kind: 'plugin', id: this.plugin.sender },
        },
        now,
      );
      if (!(await this.reviews.saveDecision(decided, found.version, [event]))) throw new Error(`review ${id} changed concurrently`);
      await this.audit.record({ reviewId: id, municipalityId, instanceId: decided.instanceId, outcome: decision.outcome, reason: decision.reason, reviewer: decision.reviewer, at: now });
      return decided;
    });
  }
}
