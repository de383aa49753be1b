import { z } from 'zod';
import { CATEGORIES, CHANNELS, LINK_KINDS, type LinkKind } from './message';

const payloadPath = z.string().regex(/^payload(\.[a-zA-Z][a-zA-Z0-9]*)+$/, 'must be a payload path, e.g. payload.personId');
const templateName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case, e.g. registration-confirmation');

/** Whom a rule reaches. */
export const ruleTargetSchema = z.union([
  z.object({ person: payloadPath }).strict(),
  /** The person, at an address of the event instead of their stored one (a new address to be confirmed). */
  z.object({ person: payloadPath, address: payloadPath }).strict(),
  z.object({ groupMembers: payloadPath }).strict(),
  /** Each person of a list of person ids in the event (e.g. the walkers booked on a cancelled walk). */
  z.object({ persons: payloadPath }).strict(),
  z.object({ mailbox: z.literal('coordinator') }).strict(),
  /**
   * Someone notifications does not hold as a person, named in the event by an object `{ email, language, name? }`
   * (a safety round's invited participant, a finding's owner): kept as a recipient `contact.<m>.<hash of email>`
   * so jobs and logs carry ids only, bounces are remembered, and the person is never announced elsewhere.
   */
  z.object({ contact: payloadPath }).strict(),
  /**
   * The police area's mailbox (mailboxes.yaml `policeAreas`), else the coordinator's; with `onlyIfConfigured: true`
   * nobody when the area has none (a rule that also mails the coordinator would otherwise mail them twice).
   */
  z.object({ mailbox: z.literal('police-area'), policeArea: payloadPath, onlyIfConfigured: z.literal(true).optional() }).strict(),
]);

/** One rule: an event (optionally only when payload fields have given values) → a template to someone over channels. */
export const ruleSchema = z
  .object({
    id: templateName,
    event: z.string().regex(/^[a-z]+\.[a-z0-9-]+\.v\d+$/, 'must be an event type, e.g. enrolment.registration-submitted.v1'),
    when: z.record(payloadPath, z.union([z.string(), z.array(z.string()).min(1)])).optional(),
    to: ruleTargetSchema,
    channels: z.array(z.enum(CHANNELS as [string, ...string[]])).min(1),
    /**
     * `all` (default): a message on each channel. `first-reachable`: one message, on the first channel of `channels`
     * the recipient can be reached on when the event is handled (e.g. `[sms, email]`: SMS to a confirmed, opted-in
     * mobile, else email); none reachable: the last channel (then skipped with its reason, as any message).
     */
    channelChoice: z.enum(['all', 'first-reachable']).default('all'),
    category: z.enum(CATEGORIES as [string, ...string[]]),
    template: templateName,
    link: z.enum(LINK_KINDS as [string, ...string[]]).optional(),
    /** A municipality turns a default rule off with `enabled: false` under the same id. */
    enabled: z.boolean().default(true),
  })
  .strict();

/** A municipality's rules file overrides default rules by id and may add new ones. */
export const rulesFileSchema = z.object({ rules: z.array(ruleSchema) }).strict();

export type Rule = z.infer<typeof ruleSchema> & { channels: Array<'email' | 'sms'>; channelChoice: 'all' | 'first-reachable'; category: 'urgent' | 'information' | 'reminders' | 'transactional'; link?: LinkKind };

export const templateFileSchema = z
  .object({
    email: z.object({ subject: z.string().min(1).max(200), text: z.string().min(1), html: z.string().min(1).optional() }).strict().optional(),
    sms: z.object({ text: z.string().min(1).max(612) }).strict().optional(),
  })
  .strict()
  .refine((t) => t.email || t.sms, 'needs an email part, an sms part or both');

/**
 * `defaults/no-rule.yaml`: event type → why no person is told about it. Whether each key is an event type of the
 * contracts, and that it has no default rule, is checked by the loader.
 */
export const noRuleReasonSchema = z.string('must give the reason (a non-empty text)').trim().min(1, 'must give the reason (a non-empty text)');
export const noRuleFileSchema = z.record(z.string(), z.unknown(), 'must map event types to reasons, e.g. "enrolment.member-joined.v1: <why>"');

/** Police-area and coordinator mailboxes: `municipalities/<id>/notifications/mailboxes.yaml`. */
export const mailboxesFileSchema = z
  .object({
    coordinator: z.email().optional(),
    policeAreas: z.record(z.string(), z.email()).optional(),
  })
  .strict();

/** Reads `payload.a.b` from an event payload. */
export function valueAt(payload: Record<string, unknown>, path: string): unknown {
  let current: unknown = { payload };
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function ruleMatches(rule: Rule, payload: Record<string, unknown>): boolean {
  if (!rule.enabled) return false;
  for (const [path, expected] of Object.entries(rule.when ?? {})) {
    const actual = valueAt(payload, path);
    const allowed = Array.isArray(expected) ? expected : [expected];
    if (!allowed.includes(String(actual))) return false;
  }
  return true;
}
