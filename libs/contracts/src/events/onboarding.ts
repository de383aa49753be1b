import { z } from 'zod';
import { defineEvent } from '../define-event';
import { subjectFieldsSchema, subjectKindSchema } from './common';

const subject = z.object({ kind: subjectKindSchema, id: z.uuid(), personId: z.uuid() }).strict();
export const stepOutcomeSchema = z.enum(['approved', 'rejected', 'needs-info']);

export const OnboardingStartedV1 = defineEvent({
  type: 'onboarding.started.v1',
  description: 'An onboarding instance started on a version of the municipality’s process.',
  personalData: 'none beyond ids.',
  payload: z.object({ instanceId: z.uuid(), processId: z.string(), processVersion: z.number().int().positive(), subject }).strict(),
  keyOf: (p) => p.instanceId,
});

/** A step waits for its actor. Built-in handlers and plug-ins listen for their step type. */
export const OnboardingStepRequestedV1 = defineEvent({
  type: 'onboarding.step-requested.v1',
  description: 'A step of an onboarding instance waits for its actor (a built-in handler or a plug-in).',
  personalData: 'only the subject fields the step declares it needs (data minimisation).',
  payload: z
    .object({
      instanceId: z.uuid(),
      stepId: z.string().min(1).max(100),
      stepType: z.string().min(1).max(100),
      attempt: z.number().int().positive(),
      subject,
      subjectFields: subjectFieldsSchema,
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
  personalData: 'the reason text (written by staff; must not contain sensitive data).',
  payload: z
    .object({
      instanceId: z.uuid(),
      stepId: z.string().min(1).max(100),
      stepType: z.string().min(1).max(100),
      attempt: z.number().int().positive(),
      outcome: stepOutcomeSchema,
      reason: z.string().max(2000).nullable(),
      actor: z.object({ kind: z.enum(['staff', 'police', 'system', 'plugin', 'subject']), id: z.string().min(1).max(200) }).strict(),
    })
    .strict(),
  keyOf: (p) => p.instanceId,
});

export const OnboardingStalledV1 = defineEvent({
  type: 'onboarding.stalled.v1',
  description: 'A step passed its reminder time without an answer.',
  personalData: 'none beyond ids.',
  payload: z.object({ instanceId: z.uuid(), stepId: z.string(), stepType: z.string(), waitingSince: z.iso.datetime({ offset: true }), subject }).strict(),
  keyOf: (p) => p.instanceId,
});

export const OnboardingCompletedV1 = defineEvent({
  type: 'onboarding.completed.v1',
  description: 'An onboarding instance ended: approved, rejected or withdrawn.',
  personalData: 'the reason text of the deciding step.',
  payload: z
    .object({ instanceId: z.uuid(), subject, outcome: z.enum(['approved', 'rejected', 'withdrawn']), reason: z.string().max(2000).nullable() })
    .strict(),
  keyOf: (p) => p.instanceId,
});
