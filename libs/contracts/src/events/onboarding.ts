import { z } from 'zod';
import { defineEvent } from '../define-event';
import { subjectFieldsSchema, subjectKindSchema } from './common';

const subject = z.object({ kind: subjectKindSchema, id: z.uuid(), personId: z.uuid() }).strict();
export const onboardingSubjectSchema = subject;
export const stepOutcomeSchema = z.enum(['approved', 'rejected', 'needs-info']);
/** Who answered a step. A plug-in answers as `plugin` with the id its municipality registered in the definition. */
export const stepActorSchema = z
  .object({ kind: z.enum(['staff', 'police', 'system', 'plugin', 'subject']), id: z.string().min(1).max(200) })
  .strict();
/** A step type: lower-case words joined by dashes (`police-approval`, `bra-review`). */
export const stepTypeSchema = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by dashes').max(100);
export const stepIdSchema = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by dashes').max(100);

/**
 * What a step answer may record besides its outcome: which version of an agreement was accepted and when,
 * who saw a document and when (never the document or its contents), which meeting was attended.
 */
export const stepEvidenceSchema = z
  .object({
    agreementVersion: z.string().min(1).max(50).optional(),
    acceptedAt: z.iso.datetime({ offset: true }).optional(),
    documentKind: z.string().min(1).max(100).optional(),
    seenBy: z.string().min(1).max(200).optional(),
    seenAt: z.iso.datetime({ offset: true }).optional(),
    meetingDate: z.iso.date().optional(),
  })
  .strict();

export const OnboardingStartedV1 = defineEvent({
  type: 'onboarding.started.v1',
  description: 'An onboarding instance started on a version of the municipality’s process.',
  containsPersonalData: false,
  personalData: 'none beyond ids.',
  payload: z
    .object({
      instanceId: z.uuid(),
      /** `<municipalityId>/<subject kind>`, e.g. `lilla-edet/contact-person`. */
      processId: z.string().min(1).max(200),
      processVersion: z.number().int().positive(),
      subject,
      /** The step ids of this version, in order (a step whose `when` does not hold is skipped later). */
      steps: z.array(stepIdSchema),
    })
    .strict(),
  keyOf: (p) => p.instanceId,
});

/** A step waits for its actor. Built-in handlers and plug-ins listen for their step type. */
export const OnboardingStepRequestedV1 = defineEvent({
  type: 'onboarding.step-requested.v1',
  description: 'A step of an onboarding instance waits for its actor (a built-in handler or a plug-in).',
  containsPersonalData: true,
  personalData: 'only the subject fields the step declares it needs (data minimisation), e.g. name for the police review.',
  payload: z
    .object({
      instanceId: z.uuid(),
      stepId: stepIdSchema,
      stepType: stepTypeSchema,
      /** 1 for the first request; +1 each time the step is asked again after a needs-info answer. */
      attempt: z.number().int().positive(),
      subject,
      subjectFields: subjectFieldsSchema,
      /** The person has protected identity (skyddad identitet): every view shows them as "Skyddad person" unless the viewer holds the `protected-identity` permission. Absent in older events: false. */
      protectedIdentity: z.boolean().default(false),
      parameters: z.record(z.string(), z.unknown()),
      policeAreaId: z.string().nullable(),
      dueAt: z.iso.datetime({ offset: true }).nullable(),
    })
    .strict(),
  keyOf: (p) => p.instanceId,
});

/** The actor's answer to a step request. */
export const OnboardingStepCompletedV1 = defineEvent({
  type: 'onboarding.step-completed.v1',
  description: 'The actor of a step answered: approved, rejected or needs-info, with a reason.',
  containsPersonalData: true,
  personalData: 'the reason text (written by staff; must not contain sensitive data); evidence names who saw a document, never its contents.',
  payload: z
    .object({
      instanceId: z.uuid(),
      stepId: stepIdSchema,
      stepType: stepTypeSchema,
      /** The attempt being answered (from the request): an answer to an older attempt is refused. */
      attempt: z.number().int().positive(),
      outcome: stepOutcomeSchema,
      reason: z.string().max(2000).nullable(),
      actor: stepActorSchema,
      evidence: stepEvidenceSchema.nullable().optional(),
    })
    .strict(),
  keyOf: (p) => p.instanceId,
});

export const OnboardingStalledV1 = defineEvent({
  type: 'onboarding.stalled.v1',
  description: 'A step passed one of its reminder times without an answer (emitted once per reminder).',
  containsPersonalData: false,
  personalData: 'none beyond ids.',
  payload: z
    .object({
      instanceId: z.uuid(),
      stepId: stepIdSchema,
      stepType: stepTypeSchema,
      attempt: z.number().int().positive(),
      /** 1 for the first reminder time of the step, 2 for the second, … */
      reminder: z.number().int().positive(),
      waitingSince: z.iso.datetime({ offset: true }),
      subject,
    })
    .strict(),
  keyOf: (p) => p.instanceId,
});

export const OnboardingCompletedV1 = defineEvent({
  type: 'onboarding.completed.v1',
  description: 'An onboarding instance ended: approved, rejected or withdrawn.',
  containsPersonalData: true,
  personalData: 'the reason text of the deciding step.',
  payload: z
    .object({
      instanceId: z.uuid(),
      processId: z.string().min(1).max(200),
      processVersion: z.number().int().positive(),
      subject,
      outcome: z.enum(['approved', 'rejected', 'withdrawn']),
      /** The step that decided a rejection (null when approved). */
      decidingStepId: stepIdSchema.nullable(),
      reason: z.string().max(2000).nullable(),
    })
    .strict(),
  keyOf: (p) => p.instanceId,
});

/** Staff moved a running instance to another published version of its process (an explicit, audited migration). */
export const OnboardingMigratedV1 = defineEvent({
  type: 'onboarding.migrated.v1',
  description: 'Staff migrated a running onboarding instance from the version it ran on to another published version.',
  containsPersonalData: true,
  personalData: 'the reason text (written by staff; must not contain sensitive data) and the staff id.',
  payload: z
    .object({
      instanceId: z.uuid(),
      processId: z.string().min(1).max(200),
      fromVersion: z.number().int().positive(),
      toVersion: z.number().int().positive(),
      subject,
      actor: stepActorSchema,
      reason: z.string().min(1).max(2000),
      /** Steps of the old version that are not in the new one (their history stays in the timeline). */
      droppedSteps: z.array(stepIdSchema),
      /** Steps new in the target version. */
      addedSteps: z.array(stepIdSchema),
      /** Steps whose type changed and that run again. */
      restartedSteps: z.array(stepIdSchema),
      /** The step the instance waits on after the migration (null when the migration finished it). */
      currentStepId: stepIdSchema.nullable(),
    })
    .strict(),
  keyOf: (p) => p.instanceId,
});
