import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isMeetingEvent, MEETING_VARIABLES } from '../domain/meeting-calendar';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { contractFor } from '@trygg/contracts';
import type { Municipality } from '@trygg/municipalities';
import { BUILT_IN_TEMPLATES, type MunicipalityNotifications, NotificationCatalogue, NotificationDataError, type TemplateSet } from '../domain/catalogue';
import { LINK_PAYLOAD_FIELD } from '../domain/message';
import { type Rule, mailboxesFileSchema, noRuleFileSchema, noRuleReasonSchema, rulesFileSchema, templateFileSchema } from '../domain/rules';
import { htmlLinkProblems, LANGUAGES, type Language, type TemplateText, templatePlaceholders } from '../domain/template';
import { type AvailableVariables, isAvailable, isList, variablesOfSchema } from '../domain/variables';

/** services/notifications/defaults, found from here in source (src/infrastructure) or in dist/. */
export function defaultNotificationsDir(): string {
  const configured = process.env['NOTIFICATIONS_DEFAULTS_DIR'];
  if (configured) return configured;
  const candidates = [resolve(__dirname, '../../defaults'), resolve(__dirname, '../../../../../services/notifications/defaults')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/**
 * Rule and template ids that were split: a municipality that still overrides one would silently lose its wording
 * (or send twice), so the loader refuses it and names the ids to use instead.
 */
const RETIRED: Readonly<Record<string, string>> = {
  'onboarding-approved': 'member-approved and contact-person-approved (and walker-approved)',
  'onboarding-rejected': 'member-rejected and contact-person-rejected (and walker-rejected)',
};

/** Variables every template may use, whatever the event. */
const BASE_VARIABLES = ['recipient.name', 'recipient.language', 'municipality.id', 'municipality.name', 'municipality.contactEmail'];

function readYaml(file: string, problems: string[]): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function zodProblems(file: string, error: z.ZodError, problems: string[]): void {
  for (const issue of error.issues) problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** `templates/<name>.<lang>.yaml` files of a folder → name → language → text. */
function readTemplates(dir: string, problems: string[]): Map<string, TemplateSet> {
  const result = new Map<string, TemplateSet>();
  if (!existsSync(dir)) return result;
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir).sort()) {
    const file = join(dir, entry);
    const match = /^([a-z][a-z0-9-]*)\.(sv|en)\.ya?ml$/.exec(entry);
    if (!match) {
      problems.push(`${file}: unexpected file: templates are named <template>.<sv|en>.yaml`);
      continue;
    }
    const [, name, language] = match as unknown as [string, string, Language];
    const raw = readYaml(file, problems);
    if (raw === undefined) continue;
    const parsed = templateFileSchema.safeParse(raw);
    if (!parsed.success) {
      zodProblems(file, parsed.error, problems);
      continue;
    }
    for (const problem of htmlLinkProblems(parsed.data.email?.html ?? '')) problems.push(`${file}: email.html: ${problem}`);
    const set = result.get(name) ?? {};
    set[language] = parsed.data as TemplateText;
    result.set(name, set);
    files.set(`${name}.${language}`, file);
  }
  for (const [name, set] of result) {
    if (!set.sv) problems.push(`${join(dir, `${name}.sv.yaml`)}: missing: template "${name}" has ${Object.keys(set).join(', ')} but Swedish (sv) is required`);
  }
  return result;
}

function readRules(file: string, problems: string[]): Rule[] | undefined {
  if (!existsSync(file)) return undefined;
  const raw = readYaml(file, problems);
  if (raw === undefined) return undefined;
  const parsed = rulesFileSchema.safeParse(raw);
  if (!parsed.success) {
    zodProblems(file, parsed.error, problems);
    return undefined;
  }
  const ids = new Set<string>();
  parsed.data.rules.forEach((r, i) => {
    if (ids.has(r.id)) problems.push(`${file}: rules.${i}.id: "${r.id}" appears twice`);
    ids.add(r.id);
  });
  return parsed.data.rules as Rule[];
}

/**
 * `defaults/no-rule.yaml` (optional file): each key an event type of @trygg/contracts without a default rule, each
 * value the reason no person is told about it.
 */
function readNoRule(file: string, defaultRules: readonly Rule[], problems: string[]): Map<string, string> {
  const result = new Map<string, string>();
  if (!existsSync(file)) return result;
  const raw = readYaml(file, problems);
  if (raw === undefined) return result;
  const parsed = noRuleFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    zodProblems(file, parsed.error, problems);
    return result;
  }
  for (const [eventType, value] of Object.entries(parsed.data)) {
    if (!contractFor(eventType)) {
      problems.push(`${file}: ${eventType}: not an event type of @trygg/contracts`);
      continue;
    }
    const reason = noRuleReasonSchema.safeParse(value);
    if (!reason.success) {
      problems.push(`${file}: ${eventType}: ${reason.error.issues.map((i) => i.message).join('; ')}`);
      continue;
    }
    const rules = defaultRules.filter((r) => r.event === eventType).map((r) => `"${r.id}"`);
    if (rules.length) {
      problems.push(`${file}: ${eventType}: has the default rule ${rules.join(', ')} in rules.yaml; an event has a rule or a no-rule reason, not both`);
      continue;
    }
    result.set(eventType, reason.data);
  }
  return result;
}

const availableByEvent = new Map<string, AvailableVariables>();
function payloadVariables(eventType: string): AvailableVariables | undefined {
  const cached = availableByEvent.get(eventType);
  if (cached) return cached;
  const contract = contractFor(eventType);
  if (!contract) return undefined;
  const available = variablesOfSchema(z.toJSONSchema(contract.payload) as never, 'payload');
  availableByEvent.set(eventType, available);
  return available;
}

interface Usage {
  where: string;
  extra: string[];
  payload: AvailableVariables | undefined;
  channels: Array<'email' | 'sms'>;
}

function checkTemplate(name: string, set: TemplateSet, files: string, usage: Usage, problems: string[]): void {
  for (const language of LANGUAGES) {
    const text = set[language];
    if (!text) continue;
    const file = `${files}/${name}.${language}.yaml`;
    for (const channel of usage.channels) {
      if (!text[channel]) problems.push(`${file}: ${channel}: missing, but ${usage.where} sends it by ${channel}`);
    }
    for (const variable of templatePlaceholders(text)) {
      const ok = BASE_VARIABLES.includes(variable) || usage.extra.includes(variable) || (usage.payload !== undefined && isAvailable(variable, usage.payload));
      if (!ok) problems.push(`${file}: variable {{${variable}}} is not available to ${usage.where}`);
    }
  }
}

export interface CatalogueSources {
  defaultsDir?: string;
  municipalitiesDir: string;
  municipalities: ReadonlyMap<string, Municipality>;
}

/**
 * Reads the shipped defaults (`services/notifications/defaults/`) and every municipality's overrides
 * (`municipalities/<id>/notifications/`), validates all of it and throws NotificationDataError naming each file
 * and reason: the service refuses to start on bad data.
 */
export function loadNotificationCatalogue(sources: CatalogueSources): NotificationCatalogue {
  const problems: string[] = [];
  const defaultsDir = sources.defaultsDir ?? defaultNotificationsDir();
  const defaultRulesFile = join(defaultsDir, 'rules.yaml');
  if (!existsSync(defaultRulesFile)) problems.push(`${defaultRulesFile}: missing`);
  const defaultRules = readRules(defaultRulesFile, problems) ?? [];
  const defaultTemplatesDir = join(defaultsDir, 'templates');
  const defaultTemplates = readTemplates(defaultTemplatesDir, problems);
  const noRule = readNoRule(join(defaultsDir, 'no-rule.yaml'), defaultRules, problems);

  const municipalities = new Map<string, MunicipalityNotifications>();
  for (const [id, m] of sources.municipalities) {
    const dir = join(sources.municipalitiesDir, id, 'notifications');
    if (existsSync(dir)) {
      for (const entry of readdirSync(dir)) {
        const allowed = entry === 'rules.yaml' || entry === 'mailboxes.yaml' || (entry === 'templates' && statSync(join(dir, entry)).isDirectory());
        if (!allowed) problems.push(`${join(dir, entry)}: unexpected file: expected rules.yaml, mailboxes.yaml or templates/`);
      }
    }
    const rulesFile = join(dir, 'rules.yaml');
    const overrides = readRules(rulesFile, problems) ?? [];
    const rules = new Map(defaultRules.map((r) => [r.id, r]));
    for (const r of overrides) rules.set(r.id, r);
    const ownTemplatesDir = join(dir, 'templates');
    const templates = readTemplates(ownTemplatesDir, problems);
    for (const r of overrides) {
      for (const name of new Set([r.id, r.template])) {
        if (RETIRED[name]) problems.push(`${rulesFile}: rule "${r.id}": "${name}" was retired (one text per subject kind); use ${RETIRED[name]}`);
      }
    }
    for (const name of templates.keys()) {
      if (RETIRED[name]) problems.push(`${join(ownTemplatesDir, name)}.*.yaml: template "${name}" was retired (one text per subject kind); use ${RETIRED[name]}`);
    }

    const mailboxesFile = join(dir, 'mailboxes.yaml');
    let mailboxes: { coordinator?: string; policeAreas?: Record<string, string> } = {};
    if (existsSync(mailboxesFile)) {
      const parsed = mailboxesFileSchema.safeParse(readYaml(mailboxesFile, problems));
      if (parsed.success) mailboxes = parsed.data;
      else zodProblems(mailboxesFile, parsed.error, problems);
    }
    for (const areaId of Object.keys(mailboxes.policeAreas ?? {})) {
      if (!m.policeAreas.some((a) => a.id === areaId)) {
        problems.push(`${mailboxesFile}: policeAreas.${areaId}: not a police area of ${id} (municipality.yaml lists ${m.policeAreas.map((a) => a.id).join(', ')})`);
      }
    }

    const lookup = (name: string): { set: TemplateSet; files: string } | undefined =>
      templates.has(name) ? { set: templates.get(name)!, files: ownTemplatesDir } : defaultTemplates.has(name) ? { set: defaultTemplates.get(name)!, files: defaultTemplatesDir } : undefined;

    for (const rule of rules.values()) {
      const where = `rule "${rule.id}" (${overrides.some((o) => o.id === rule.id) ? rulesFile : defaultRulesFile})`;
      const payload = payloadVariables(rule.event);
      if (!payload) {
        problems.push(`${where}: event: unknown event type ${rule.event}`);
        continue;
      }
      const paths = [...Object.keys(rule.when ?? {}), ...('person' in rule.to ? [rule.to.person] : []), ...('address' in rule.to ? [rule.to.address] : []), ...('groupMembers' in rule.to ? [rule.to.groupMembers] : []), ...('policeArea' in rule.to ? [rule.to.policeArea] : []), ...('contact' in rule.to ? [`${rule.to.contact}.email`, `${rule.to.contact}.language`] : [])];
      for (const path of paths) if (!isAvailable(path, payload)) problems.push(`${where}: ${path} is not a field of ${rule.event}`);
      if ('persons' in rule.to && !isList(rule.to.persons, payload)) problems.push(`${where}: ${rule.to.persons} is not a list of person ids of ${rule.event}`);
      const linkFields = rule.link ? LINK_PAYLOAD_FIELD[rule.link] : null;
      if (linkFields && !linkFields.some((f) => isAvailable(f, payload))) problems.push(`${where}: link: ${rule.link} needs ${linkFields.join(' or ')}, which ${rule.event} does not have`);
      const template = lookup(rule.template);
      if (!template) {
        problems.push(`${where}: template "${rule.template}" not found in ${ownTemplatesDir} or ${defaultTemplatesDir}`);
        continue;
      }
      if (!rule.enabled) continue;
      const extra = [...(rule.link ? ['link.url', 'link.expiresAt'] : []), ...(rule.category !== 'transactional' ? ['unsubscribe.url'] : []), ...(isMeetingEvent(rule.event) ? MEETING_VARIABLES : [])];
      checkTemplate(rule.template, template.set, template.files, { where: `${where} for ${id}`, extra, payload, channels: rule.channels }, problems);
    }
    const area = lookup(BUILT_IN_TEMPLATES.areaMessage);
    if (!area) problems.push(`${defaultTemplatesDir}: template "${BUILT_IN_TEMPLATES.areaMessage}" (broadcasts) is missing`);
    else checkTemplate(BUILT_IN_TEMPLATES.areaMessage, area.set, area.files, { where: `broadcasts of ${id}`, extra: ['broadcast.subject', 'broadcast.body', 'unsubscribe.url'], payload: undefined, channels: ['email', 'sms'] }, problems);
    const bounced = lookup(BUILT_IN_TEMPLATES.emailBounced);
    if (!bounced) problems.push(`${defaultTemplatesDir}: template "${BUILT_IN_TEMPLATES.emailBounced}" (SMS after a hard bounce) is missing`);
    else checkTemplate(BUILT_IN_TEMPLATES.emailBounced, bounced.set, bounced.files, { where: `the bounce SMS of ${id}`, extra: ['link.url', 'link.expiresAt'], payload: undefined, channels: ['sms'] }, problems);
    const mobileCode = lookup(BUILT_IN_TEMPLATES.mobileCode);
    if (!mobileCode) problems.push(`${defaultTemplatesDir}: template "${BUILT_IN_TEMPLATES.mobileCode}" (the code confirming a mobile number) is missing`);
    else checkTemplate(BUILT_IN_TEMPLATES.mobileCode, mobileCode.set, mobileCode.files, { where: `the mobile code SMS of ${id}`, extra: ['payload.code'], payload: undefined, channels: ['sms'] }, problems);

    municipalities.set(id, {
      id,
      name: m.name,
      contactEmail: m.contact.email,
      adminEmail: m.contact.adminEmail ?? m.contact.email,
      timezone: m.timezone,
      quietHours: m.quietHours,
      policeAreas: m.policeAreas,
      rules: [...rules.values()],
      templates,
      mailboxes: { coordinator: mailboxes.coordinator ?? m.contact.email, policeAreas: mailboxes.policeAreas ?? {} },
    });
  }
  if (problems.length) throw new NotificationDataError([...new Set(problems)]);
  return new NotificationCatalogue(municipalities, defaultTemplates, { rules: defaultRules, noRule });
}
