import { z } from 'zod';
import { municipalityIdSchema, stepIdSchema, subjectKindSchema } from '@trygg/contracts';
import { defineRoute } from './define-route';
import { personalDataRoute, onboardingPersonalDataSchema } from './personal-data';
import { auditRecordsRoute } from './audit';
import { invalid, isoDateTime, notFound, problem, unauthorised } from './common';

const service = 'onboarding';

// --- requests (the service validates with these; its use cases take ParsedBodyOf<...>) -------------------

// Who acts is never in a body: the staff member is the signed-in principal (kind `staff`, id = the token's `issuer#sub`).
const instanceId = z.uuid('must be an instance id');

export const instanceParams = z.object({ id: instanceId }).strict();
export const stepParams = z.object({ id: instanceId, stepId: stepIdSchema }).strict();
export const infoProvidedInput = z.object({}).strict();
export const withdrawInput = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();
export const migrateQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() }).strict();
export const bySubjectQuery = z.object({ subjectKind: subjectKindSchema, subjectId: z.uuid() }).strict();
export const statsParams = z.object({ municipality: municipalityIdSchema, kind: subjectKindSchema, version: z.coerce.number().int().positive() }).strict();

export const migrationInput = z
  .object({
    toVersion: z.number().int().positive(),
    reason: z.string().trim().min(1).max(2000),
    /** Run again the steps whose type changed (required when the instance waits on such a step). */
    restartChangedSteps: z.boolean().default(false),
    /** Mark steps new in the target version and earlier than the instance's position as skipped (default: run them next). */
    skipNewEarlierSteps: z.boolean().default(false),
  })
  .strict();

export const staffAnswerInput = z
  .object({
    outcome: z.enum(['approved', 'rejected', 'needs-info']),
    reason: z.string().trim().min(1).max(2000).nullable().default(null),
    /** agreement: the version of the text the subject accepted (must be the version the step asks for). */
    agreementVersion: z.string().min(1).max(50).optional(),
    /** meeting-attendance: the day of the meeting attended. */
    meetingDate: z.iso.date().optional(),
  })
  .strict()
  .refine((a) => a.outcome === 'approved' || a.reason !== null, { path: ['reason'], message: 'is required when the outcome is not approved' });

// --- answers ---------------------------------------------------------------------------------------------

const instanceStatus = z.enum(['running', 'approved', 'rejected', 'withdrawn']);
const actor = z.object({ kind: z.enum(['staff', 'police', 'system', 'plugin', 'subject']), id: z.string() });
/** What the answer carried, as the engine keeps it. */
const evidence = z.object({
  agreementVersion: z.string().optional(),
  acceptedAt: z.string().optional(),
  documentKind: z.string().optional(),
  seenBy: z.string().optional(),
  seenAt: z.string().optional(),
  meetingDate: z.string().optional(),
});

export const stepStateSchema = z.object({
  id: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'waiting', 'needs-info', 'approved', 'rejected', 'skipped', 'timed-out']),
  attempt: z.number().int(),
  firstRequestedAt: isoDateTime.nullable(),
  waitingSince: isoDateTime.nullable(),
  answeredAt: isoDateTime.nullable(),
  remindersSent: z.number().int(),
  outcome: z.enum(['approved', 'rejected', 'needs-info']).nullable(),
  reason: z.string().nullable(),
  actor: actor.nullable(),
  evidence: evidence.nullable(),
});

/** An onboarding instance without its timeline. */
export const instanceSchema = z.object({
  id: z.string(),
  municipalityId: z.string(),
  kind: subjectKindSchema,
  processVersion: z.number().int(),
  subject: z.object({ kind: subjectKindSchema, id: z.string(), personId: z.string() }),
  /** Text fields say "Skyddad person" when `protectedIdentity` and the viewer lacks the `protected-identity` permission. */
  subjectFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  protectedIdentity: z.boolean().optional(),
  policeAreaId: z.string().nullable(),
  status: instanceStatus,
  currentStepId: z.string().nullable(),
  steps: z.array(stepStateSchema),
  startedAt: isoDateTime,
  completedAt: isoDateTime.nullable(),
});

export const timelineEntrySchema = z.object({
  at: isoDateTime,
  what: z.enum(['started', 'requested', 'answered', 'skipped', 'reminded', 'info-provided', 'timed-out', 'withdrawn', 'completed', 'migrated', 'dropped']),
  stepId: z.string().nullable(),
  fromVersion: z.number().int().optional(),
  toVersion: z.number().int().optional(),
  attempt: z.number().int().optional(),
  outcome: z.string().optional(),
  actor: actor.optional(),
  reason: z.string().nullable().optional(),
  evidence: evidence.nullable().optional(),
});

export const migrationResultSchema = z.object({
  dryRun: z.boolean(),
  status: z.string(),
  currentStepId: z.string().nullable(),
  changes: z
    .object({
      fromVersion: z.number().int(),
      toVersion: z.number().int(),
      kept: z.array(z.string()),
      added: z.array(z.object({ stepId: z.string(), earlier: z.boolean(), becomes: z.enum(['pending', 'skipped']) })),
      dropped: z.array(z.string()),
      restarted: z.array(z.string()),
      /** Steps whose type changed and keep their earlier answer. */
      changedTypeKept: z.array(z.string()),
      currentStepBefore: z.string().nullable(),
      currentStepAfter: z.string().nullable(),
      /** Steps requested by the migration (step-requested events). */
      requested: z.array(z.string()),
      statusAfter: instanceStatus,
    }),
});

// --- routes ----------------------------------------------------------------------------------------------

const staffProblems = { 401: unauthorised, 403: problem('forbidden: not the role the route needs, or another municipality') } as const;
const refused = { 404: problem('not_found: unknown instance or step'), 409: problem('the instance or step does not accept this now (the refusal is the error code)') } as const;

export const listProcesses = defineRoute({
  service,
  operationId: 'listProcesses',
  method: 'get',
  path: '/processes',
  summary: 'Which processes run (current versions) and which municipalities were refused, with file, path and reason',
  access: { kind: 'public' },
  responses: {
    200: {
      description: 'the published processes',
      schema: z.object({
        processes: z.array(z.object({ process: z.string(), currentVersion: z.number().int(), steps: z.array(z.object({ id: z.string(), type: z.string() })) })),
        refused: z.array(z.object({ municipalityId: z.string(), problems: z.array(z.string()) })),
      }),
    },
  },
});

export const processStats = defineRoute({
  service,
  operationId: 'processStats',
  method: 'get',
  path: '/processes/:municipality/:kind/:version/stats',
  summary: 'Per step of one process version: how many instances wait there and the median time spent in it',
  access: { kind: 'signed-in', roles: ['coordinator', 'municipal-role'], scope: { municipalityParam: 'municipality' } },
  params: statsParams,
  responses: {
    200: {
      description: 'the statistics',
      schema: z.object({
        municipalityId: z.string(),
        kind: subjectKindSchema,
        version: z.number().int(),
        instances: z.record(z.string(), z.number().int()),
        steps: z.array(z.object({ stepId: z.string(), waiting: z.number().int(), medianMs: z.number().nullable(), answered: z.number().int() })),
      }),
    },
    400: invalid,
    ...staffProblems,
    404: notFound,
  },
});

export const migrateInstance = defineRoute({
  service,
  operationId: 'migrateInstance',
  method: 'post',
  path: '/instances/:id/migrate',
  summary: 'Moves a running instance to another published version of its process (?dryRun=true writes nothing)',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: 'resource' },
  params: instanceParams,
  query: migrateQuery,
  body: migrationInput,
  responses: { 200: { description: 'what changed (or would change)', schema: migrationResultSchema }, 400: invalid, ...staffProblems, ...refused },
});

export const withdrawInstance = defineRoute({
  service,
  operationId: 'withdrawInstance',
  method: 'post',
  path: '/instances/:id/withdraw',
  summary: 'The subject withdrew (told the signed-in coordinator): the instance ends as withdrawn',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: 'resource' },
  params: instanceParams,
  body: withdrawInput,
  responses: { 200: { description: 'the instance\'s status', schema: z.object({ status: instanceStatus }) }, 400: invalid, ...staffProblems, ...refused },
});

export const completeStep = defineRoute({
  service,
  operationId: 'completeStep',
  method: 'post',
  path: '/instances/:id/steps/:stepId/complete',
  summary: 'The signed-in coordinator answers a built-in step; the instance moves when the step-completed event is applied',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: 'resource' },
  params: stepParams,
  body: staffAnswerInput,
  responses: { 202: { description: 'the answer is audited and on its way', schema: z.object({ answerId: z.string() }) }, 400: invalid, ...staffProblems, ...refused },
});

export const infoProvided = defineRoute({
  service,
  operationId: 'infoProvided',
  method: 'post',
  path: '/instances/:id/steps/:stepId/info-provided',
  summary: 'The subject provided what a needs-info answer asked for: the step is requested again',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: 'resource' },
  params: stepParams,
  body: infoProvidedInput,
  responses: { 200: { description: 'the instance\'s status and current step', schema: z.object({ status: instanceStatus, currentStepId: z.string().nullable() }) }, 400: invalid, ...staffProblems, ...refused },
});

export const instanceTimeline = defineRoute({
  service,
  operationId: 'instanceTimeline',
  method: 'get',
  path: '/instances/:id/timeline',
  summary: 'One instance and its timeline',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: 'resource' },
  params: instanceParams,
  responses: { 200: { description: 'the instance and its timeline', schema: z.object({ instance: instanceSchema, timeline: z.array(timelineEntrySchema) }) }, 400: invalid, ...staffProblems, 404: notFound },
});

export const instanceBySubject = defineRoute({
  service,
  operationId: 'instanceBySubject',
  method: 'get',
  path: '/instances',
  summary: 'The instance of a subject (e.g. the nomination id enrolment knows)',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: 'resource' },
  query: bySubjectQuery,
  responses: { 200: { description: 'the instance (without its timeline)', schema: instanceSchema }, 400: invalid, ...staffProblems, 404: notFound },
});

export const auditRecords = auditRecordsRoute(service);

/** Every HTTP endpoint of the onboarding service. */
export const personalData = personalDataRoute(service, 'What onboarding holds about a person: their instances, steps and decisions (without reviewers\' notes)', onboardingPersonalDataSchema);

export const onboardingRoutes = [personalData, listProcesses, processStats, migrateInstance, withdrawInstance, completeStep, infoProvided, instanceTimeline, instanceBySubject, auditRecords] as const;
