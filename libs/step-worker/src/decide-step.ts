import { createEvent, type EventEnvelope, OnboardingStepCompletedV1, type PayloadOf } from '@trygg/contracts';
import type { AuditActor, AuditEntry } from '@trygg/audit';
import { ConcurrentModification, retryOnConflict } from '@trygg/persistence';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import type { StepWorkStore } from './ports';
import { type StepWork, StepWorkNotFound } from './step-work';

/** The answer to onboarding, as onboarding.step-completed.v1 carries it. */
export type StepAnswer = Pick<PayloadOf<typeof OnboardingStepCompletedV1>, 'outcome' | 'reason' | 'actor'>;

export interface DecisionContext {
  municipalityId: string;
  correlationId: string;
  causationId: null;
}

/** What the worker says about a decision in the audit trail; who decided and the correlation id are added by DecideStep. */
export type DecisionAuditEntry = Omit<AuditEntry, 'actor' | 'correlationId'>;

export interface DecidePlan<TWork extends StepWork, TDecision> {
  /** The not-found error in the worker's own words (e.g. CaseNotFound). */
  notFound(message: string): StepWorkNotFound;
  /** What the work is called in messages ("case", "review"). */
  noun: string;
  /** Applies the decision (throws a StepWorkAlreadyDecided when it was decided before). */
  decide(work: TWork, decision: TDecision, now: Date): TWork;
  answer(decided: TWork, decision: TDecision): StepAnswer;
  /** Events the worker tells besides the answer, in the same write (e.g. police.decision-recorded.v1). */
  alsoTell?(decided: TWork, decision: TDecision, context: DecisionContext, scope: string, now: Date): EventEnvelope[];
  /** The audit record of the decision (action, subject, scope ids, details: ids, codes and the reason — no names). */
  audit(decided: TWork, decision: TDecision, scope: string, now: Date): DecisionAuditEntry;
}

/**
 * A person in `scope` decides one piece of work: applied once — the write is conditional on the version read, and
 * whoever loses a race reads again and is refused as already decided (two officers, two instances) — answered to
 * onboarding with step-completed (plus the worker's own events) in the same write as the decision, then audited
 * with `by` — the signed-in person, from their token — as the actor.
 */
export class DecideStep<TWork extends StepWork, TDecision> {
  constructor(
    private readonly store: StepWorkStore<TWork>,
    private readonly plan: DecidePlan<TWork, TDecision>,
    private readonly auditLog: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(scope: string, id: string, decision: TDecision, correlationId: string, by: AuditActor): Promise<TWork> {
    return retryOnConflict(async () => {
      const found = await this.store.find(scope, id);
      if (!found) throw this.plan.notFound(`no ${this.plan.noun} ${id} in ${scope}`);
      const now = this.clock();
      const decided = this.plan.decide(found.work, decision, now);
      const context: DecisionContext = { municipalityId: decided.municipalityId, correlationId, causationId: null };
      const { instanceId, stepId, stepType, attempt } = decided;
      const events = [
        createEvent(OnboardingStepCompletedV1, context, { instanceId, stepId, stepType, attempt, ...this.plan.answer(decided, decision) }, now),
        ...(this.plan.alsoTell?.(decided, decision, context, scope, now) ?? []),
      ];
      if (!(await this.store.saveDecision(decided, found.version, events))) throw new ConcurrentModification(this.plan.noun, id);
      await this.auditLog.record({ ...this.plan.audit(decided, decision, scope, now), actor: by, correlationId });
      return decided;
    });
  }
}
