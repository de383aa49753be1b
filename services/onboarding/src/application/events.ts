import {
  createEvent,
  type EventEnvelope,
  OnboardingCompletedV1,
  OnboardingMigratedV1,
  OnboardingStalledV1,
  OnboardingStartedV1,
  OnboardingStepRequestedV1,
} from '@trygg/contracts';
import { nameBasedUuidSha256 } from '@trygg/values';
import { processIdOf } from '../domain/definition';
import type { Emitted, Instance } from '../domain/engine';

export interface Cause {
  correlationId: string;
  causationId: string | null;
}

/** Turns what the engine emitted into contract-checked envelopes. */
export function toEnvelopes(instance: Instance, emits: readonly Emitted[], cause: Cause, now: Date): EventEnvelope[] {
  const context = { municipalityId: instance.municipalityId, correlationId: cause.correlationId, causationId: cause.causationId };
  const processId = processIdOf(instance.municipalityId, instance.kind);
  return emits.map((e) => {
    switch (e.type) {
      case 'started':
        return createEvent(OnboardingStartedV1, context, { instanceId: instance.id, processId, processVersion: instance.processVersion, subject: instance.subject, steps: e.steps }, now);
      case 'step-requested':
        return createEvent(
          OnboardingStepRequestedV1,
          context,
          {
            instanceId: instance.id,
            stepId: e.stepId,
            stepType: e.stepType,
            attempt: e.attempt,
            subject: instance.subject,
            subjectFields: e.subjectFields,
            // Step workers show the subject as "Skyddad person" to whoever lacks the permission.
            protectedIdentity: instance.protectedIdentity === true,
            parameters: e.parameters,
            policeAreaId: instance.policeAreaId,
            dueAt: e.dueAt,
          },
          now,
        );
      case 'stalled':
        return createEvent(
          OnboardingStalledV1,
          context,
          { instanceId: instance.id, stepId: e.stepId, stepType: e.stepType, attempt: e.attempt, reminder: e.reminder, waitingSince: e.waitingSince, subject: instance.subject },
          now,
        );
      case 'completed':
        return createEvent(
          OnboardingCompletedV1,
          context,
          { instanceId: instance.id, processId, processVersion: instance.processVersion, subject: instance.subject, outcome: e.outcome, decidingStepId: e.decidingStepId, reason: e.reason },
          now,
        );
      case 'migrated':
        return createEvent(
          OnboardingMigratedV1,
          context,
          {
            instanceId: instance.id,
            processId,
            fromVersion: e.fromVersion,
            toVersion: e.toVersion,
            subject: instance.subject,
            actor: e.actor,
            reason: e.reason,
            droppedSteps: e.droppedSteps,
            addedSteps: e.addedSteps,
            restartedSteps: e.restartedSteps,
            currentStepId: e.currentStepId,
          },
          now,
        );
    }
  });
}

/** One instance per subject and kind: the id is derived from them, so a redelivered start finds the same one (the SHA-256 variant: stored ids stay as they are). */
export function instanceIdFor(municipalityId: string, kind: string, subjectId: string): string {
  return nameBasedUuidSha256('onboarding', municipalityId, kind, subjectId);
}
