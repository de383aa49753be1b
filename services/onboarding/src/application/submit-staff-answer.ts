import { createEvent, OnboardingStepCompletedV1 } from '@trygg/contracts';
import type { onboarding, ParsedBodyOf } from '@trygg/http-contracts';
import { builtInParameters, isBuiltIn, producerMayAnswer } from '../domain/definition';
import { applyAnswer, type Evidence } from '../domain/engine';
import { AnswerRefused } from './answer-refused';
import type { Cause } from './events';
import { loadWithDefinition } from './load-with-definition';
import { type Clock, systemClock } from '@trygg/values';
import type { AuditActor } from '@trygg/audit';
import { type AuditLog, type DefinitionCatalogue, type InstanceRepository, staffActorOf } from './ports';

/** What a signed-in coordinator sends to answer a built-in step over HTTP (validated by `onboarding.staffAnswerInput` of libs/http-contracts); who answers comes from the token, never the body. */
export type StaffAnswer = ParsedBodyOf<typeof onboarding.completeStep>;

export class InvalidAnswer extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A built-in step answered by a person over HTTP. Checked against the instance now (so the caller hears 404/409 at
 * once), then written to the audit log together with its onboarding.step-completed.v1 event: the instance changes
 * when that event comes back, through the same contract as every plug-in's answer.
 */
export class SubmitStaffAnswer {
  constructor(
    private readonly catalogue: DefinitionCatalogue,
    private readonly instances: InstanceRepository,
    private readonly audit: AuditLog,
    private readonly newId: () => string,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, instanceId: string, stepId: string, answer: StaffAnswer, by: AuditActor, cause: Cause): Promise<{ answerId: string }> {
    const actor = staffActorOf(by);
    const { stored, definition } = await loadWithDefinition(this.catalogue, this.instances, municipalityId, instanceId);
    const state = stored.instance.steps.find((s) => s.id === stepId);
    const stepDef = definition.steps.find((s) => s.id === stepId);
    if (!state || !stepDef) throw new AnswerRefused('unknown-step', `instance ${instanceId} has no step ${stepId}`);
    // A start meeting is held with the police: its step is answered when the officer or the coordinator records who
    // came in police-liaison (onboarding.step-completed.v1 from police-liaison), never by hand here.
    if (stepDef.type === 'meeting-attendance' && stepDef.parameters['meeting'] === 'start') {
      throw new AnswerRefused('producer-not-allowed', 'a start meeting is answered by recording its attendance in police-liaison, not over onboarding\'s HTTP API');
    }
    const now = this.clock();
    const evidence = this.evidenceFor(stepDef.type, stepDef.parameters, answer, actor.id, now);
    const stepAnswer = { stepId, stepType: state.type, attempt: state.attempt, outcome: answer.outcome, reason: answer.reason, actor, evidence };
    const dryRun = applyAnswer(definition, stored.instance, stepAnswer, now);
    if (!dryRun.ok) throw new AnswerRefused(dryRun.refusal, dryRun.message);
    // The answer leaves as onboarding's own event: refuse now what onboarding would refuse from itself when it comes back.
    if (!producerMayAnswer(definition, stepDef, actor, 'onboarding')) {
      throw new AnswerRefused('producer-not-allowed', `${actor.kind} answers to ${state.type} steps do not come through onboarding's HTTP API`);
    }
    const answerId = this.newId();
    await this.audit.record(
      { id: answerId, municipalityId, instanceId, stepId, stepType: state.type, attempt: state.attempt, action: 'answer', outcome: answer.outcome, reason: answer.reason, actor, by, evidence, at: now },
      [createEvent(OnboardingStepCompletedV1, { municipalityId, ...cause }, { instanceId, ...stepAnswer }, now)],
    );
    return { answerId };
  }

  /** What is kept besides the outcome: the agreement version and when; who saw a document and when — never the document. */
  private evidenceFor(type: string, parameters: Record<string, unknown>, answer: StaffAnswer, seenBy: string, now: Date): Evidence | null {
    if (answer.agreementVersion !== undefined && type !== 'agreement') throw new InvalidAnswer('agreementVersion', 'only for agreement steps');
    if (answer.meetingDate !== undefined && type !== 'meeting-attendance') throw new InvalidAnswer('meetingDate', 'only for meeting-attendance steps');
    if (!isBuiltIn(type) || answer.outcome !== 'approved') return null;
    switch (type) {
      case 'agreement': {
        const asked = builtInParameters.agreement.parse(parameters).agreementVersion;
        if (answer.agreementVersion !== asked) throw new InvalidAnswer('agreementVersion', `must be "${asked}", the version of the text the step asks to accept`);
        return { agreementVersion: asked, acceptedAt: now.toISOString() };
      }
      case 'document-check':
        return { documentKind: builtInParameters['document-check'].parse(parameters).document, seenBy, seenAt: now.toISOString() };
      case 'meeting-attendance':
        return { meetingDate: answer.meetingDate ?? now.toISOString().slice(0, 10) };
      default:
        return null;
    }
  }
}
