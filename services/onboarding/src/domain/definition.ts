import { sha256Hex } from '@trygg/values';
import { z } from 'zod';
import { stepIdSchema, stepTypeSchema, subjectKindSchema } from '@trygg/contracts';
import { DURATION_PATTERN, parseDuration } from './duration';

/**
 * A process definition: one municipality's onboarding of one kind of subject, as data
 * (`municipalities/<id>/onboarding/<kind>.yaml`). Pure: schema, rules and hash; reading files is infrastructure.
 */

export type SubjectKind = z.infer<typeof subjectKindSchema>;
export type ActorKind = 'staff' | 'police' | 'system' | 'plugin' | 'subject';

const text = z.object({ title: z.string().min(1).max(200), description: z.string().min(1).max(2000).optional() }).strict();
const texts = z.object({ sv: text, en: text.optional() }).strict();
const duration = z.string().regex(DURATION_PATTERN, 'must be a duration such as 45s, 30m, 12h or 14d');
const fieldName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be a field name such as birthYear');
const primitive = z.union([z.string(), z.number(), z.boolean()]);

const condition = z
  .object({
    field: fieldName,
    equals: primitive.optional(),
    notEquals: primitive.optional(),
    in: z.array(primitive).min(1).optional(),
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
  })
  .strict()
  .refine((c) => ['equals', 'notEquals', 'in', 'atLeast', 'atMost'].filter((k) => k in c).length === 1, {
    message: 'must have exactly one of equals, notEquals, in, atLeast, atMost',
  });

/** Parameters of each built-in step type. Plug-in step types take any parameters (passed on in the request). */
const empty = z.object({}).strict();
export const builtInParameters = {
  'email-verification': empty,
  'age-check': z
    .object({
      minimumAge: z.number().int().min(0).max(120),
      /** The subject field holding a birth year (number) or a birth date (YYYY-MM-DD). */
      field: fieldName.default('birthYear'),
    })
    .strict(),
  'coordinator-review': empty,
  'police-approval': empty,
  agreement: z.object({ agreementId: z.string().min(1).max(100), agreementVersion: z.string().min(1).max(50) }).strict(),
  'document-check': z.object({ document: z.enum(['police-record-extract', 'id-document']) }).strict(),
  'meeting-attendance': z.object({ meeting: z.enum(['information', 'start', 'training']) }).strict(),
} as const;

export type BuiltInStepType = keyof typeof builtInParameters;

/**
 * Who may answer each built-in step type: the actor kinds (checked on every step-completed) and, for each, the
 * services whose events may carry that answer (the `producer` header stamped by their publisher; libs/contracts
 * publishers.ts). Staff and subject answers given over onboarding's HTTP API reach it as onboarding's own events;
 * police answers come only from police-liaison; email verification only from enrolment, which owns the link.
 */
export const builtInAnswerers: Record<BuiltInStepType, Partial<Record<ActorKind, readonly string[]>>> = {
  'email-verification': { subject: ['enrolment'], system: ['enrolment'] },
  'age-check': { system: ['onboarding'] },
  'coordinator-review': { staff: ['onboarding'] },
  'police-approval': { police: ['police-liaison'] },
  agreement: { subject: ['onboarding'], staff: ['onboarding'] },
  'document-check': { staff: ['onboarding'] },
  // police-liaison answers a contact person's start meeting when the officer or the coordinator records who came.
  'meeting-attendance': { staff: ['onboarding', 'police-liaison'], police: ['police-liaison'] },
};

/** Built-in step types decided by onboarding itself, with no person involved. */
export const AUTOMATIC_STEP_TYPES: readonly string[] = ['age-check'];

export function isBuiltIn(type: string): type is BuiltInStepType {
  return Object.hasOwn(builtInParameters, type);
}

const step = z
  .object({
    id: stepIdSchema,
    type: stepTypeSchema,
    /** The step only runs when this holds for the subject's fields; otherwise it is skipped. */
    when: condition.optional(),
    /** Subject fields this step's actor needs: only these travel in its step-requested event. */
    needs: z.array(fieldName).default([]),
    parameters: z.record(z.string(), z.unknown()).default({}),
    /** After this long without an answer the instance is withdrawn. */
    timeout: duration.optional(),
    /** onboarding.stalled.v1 is emitted once at each of these times after the request. */
    reminders: z.array(duration).default([]),
    /** Hand a built-in step to a plug-in (e.g. the municipality's case system does the coordinator review). */
    handledBy: z.string().min(1).max(200).optional(),
    text: texts,
  })
  .strict();

const plugin = z
  .object({
    /** The actor id the plug-in answers with (`actor: { kind: plugin, id: <sender> }`); anyone else is refused. */
    sender: z.string().min(1).max(200),
    description: z.string().max(500).optional(),
  })
  .strict();

export const definitionSchema = z
  .object({
    version: z.number().int().positive(),
    kind: subjectKindSchema,
    /** The subject fields this process may use (in `when` and `needs`), with their type. */
    subjectFields: z
      .record(fieldName, z.object({ type: z.enum(['string', 'number', 'boolean']), description: z.string().max(500).optional() }).strict())
      .default({}),
    /** Step types done by external plug-ins: type → who may answer. */
    plugins: z.record(stepTypeSchema, plugin).default({}),
    steps: z.array(step).min(1),
  })
  .strict()
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    for (const type of Object.keys(def.plugins)) {
      if (isBuiltIn(type)) ctx.addIssue({ code: 'custom', path: ['plugins', type], message: `"${type}" is a built-in step type; use handledBy on the step to hand it to a plug-in` });
    }
    def.steps.forEach((s, i) => {
      const at = (...path: Array<string | number>) => ['steps', i, ...path];
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `duplicate step id "${s.id}"` });
      seen.add(s.id);
      if (isBuiltIn(s.type)) {
        const parsed = builtInParameters[s.type].safeParse(s.parameters);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: at('parameters', ...issue.path.map(String)), message: issue.message });
        } else if (s.type === 'age-check') {
          const field = (parsed.data as { field: string }).field;
          if (!s.needs.includes(field)) ctx.addIssue({ code: 'custom', path: at('needs'), message: `an age check needs the field "${field}"` });
        }
      } else if (!def.plugins[s.type]) {
        ctx.addIssue({ code: 'custom', path: at('type'), message: `unknown step type "${s.type}": not built in and not declared under plugins` });
      }
      s.needs.forEach((f, j) => {
        if (!def.subjectFields[f]) ctx.addIssue({ code: 'custom', path: at('needs', j), message: `field "${f}" is not declared under subjectFields` });
      });
      if (s.when && !def.subjectFields[s.when.field]) {
        ctx.addIssue({ code: 'custom', path: at('when', 'field'), message: `field "${s.when.field}" is not declared under subjectFields` });
      }
      const timeout = s.timeout ? parseDuration(s.timeout) : undefined;
      s.reminders.forEach((r, j) => {
        const ms = parseDuration(r);
        if (timeout !== undefined && ms !== undefined && ms >= timeout) ctx.addIssue({ code: 'custom', path: at('reminders', j), message: 'must be shorter than the timeout' });
        const before = s.reminders[j - 1];
        const previous = before !== undefined ? parseDuration(before) : undefined;
        if (previous !== undefined && ms !== undefined && ms <= previous) ctx.addIssue({ code: 'custom', path: at('reminders', j), message: 'reminders must be in increasing order' });
      });
    });
  });

export type ProcessDefinition = z.infer<typeof definitionSchema>;
export type StepDefinition = ProcessDefinition['steps'][number];
export type Condition = NonNullable<StepDefinition['when']>;

export interface DefinitionProblem {
  file: string;
  path: string;
  reason: string;
}

/** Validates the parsed YAML of one definition file; `expectedKind` comes from the file name. */
export function validateDefinition(
  raw: unknown,
  file: string,
  expectedKind: string,
): { ok: true; definition: ProcessDefinition } | { ok: false; problems: DefinitionProblem[] } {
  const parsed = definitionSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        file,
        path: i.path.map(String).join('.') || '(root)',
        reason:
          i.code === 'unrecognized_keys'
            ? `unknown key(s): ${i.keys.join(', ')}`
            : i.code === 'invalid_type' && /received undefined$/.test(i.message)
              ? `is required (${i.expected})`
              : i.message,
      })),
    };
  }
  if (parsed.data.kind !== expectedKind) {
    return { ok: false, problems: [{ file, path: 'kind', reason: `"${parsed.data.kind}" must match the file name "${expectedKind}.yaml"` }] };
  }
  return { ok: true, definition: parsed.data };
}

/** Who may answer a step of this definition. */
export function allowedActor(definition: ProcessDefinition, stepDef: StepDefinition, actor: { kind: string; id: string }): boolean {
  if (stepDef.handledBy) return actor.kind === 'plugin' && actor.id === stepDef.handledBy;
  if (isBuiltIn(stepDef.type)) return Object.keys(builtInAnswerers[stepDef.type]).includes(actor.kind);
  const plugin = definition.plugins[stepDef.type];
  return plugin !== undefined && actor.kind === 'plugin' && actor.id === plugin.sender;
}

/**
 * The services whose events may carry an answer of this actor kind to this step: for a step handed to a plug-in
 * (`handledBy`) or of a plug-in type, only the declared sender — the plug-in publishes under that name (its
 * `producer` header; its Kafka user, docs/kafka-acls.md); for a built-in step, `builtInAnswerers`.
 */
export function producersFor(definition: ProcessDefinition, stepDef: StepDefinition, actorKind: string): readonly string[] {
  if (stepDef.handledBy) return [stepDef.handledBy];
  if (isBuiltIn(stepDef.type)) return builtInAnswerers[stepDef.type][actorKind as ActorKind] ?? [];
  const plugin = definition.plugins[stepDef.type];
  return plugin ? [plugin.sender] : [];
}

/** Whether an answer by `actor` may come from `producer` (null: the message named no producer — never allowed). */
export function producerMayAnswer(definition: ProcessDefinition, stepDef: StepDefinition, actor: { kind: string }, producer: string | null): boolean {
  return producer !== null && producersFor(definition, stepDef, actor.kind).includes(producer);
}

/** The fingerprint of a published version: the parsed data, keys sorted (comments and layout do not count). */
export function definitionHash(definition: ProcessDefinition): string {
  return sha256Hex(canonicalJson(definition));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function processIdOf(municipalityId: string, kind: string): string {
  return `${municipalityId}/${kind}`;
}
