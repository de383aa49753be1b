import type { Language, TemplateText } from './template';
import type { Rule } from './rules';

export type TemplateSet = Partial<Record<Language, TemplateText>>;

export interface MunicipalityNotifications {
  id: string;
  name: string;
  contactEmail: string;
  /** Where operational alerts go (an SMS cap reached): municipality.yaml `contact.adminEmail`, else `contact.email`. */
  adminEmail: string;
  timezone: string;
  quietHours: { start: string; end: string };
  policeAreas: Array<{ id: string; name: string }>;
  rules: Rule[];
  templates: Map<string, TemplateSet>;
  mailboxes: { coordinator: string; policeAreas: Record<string, string> };
}

/** Templates every deployment must have beside those the rules name. */
export const BUILT_IN_TEMPLATES = {
  /** A broadcast (area message) from police or coordinator: the text comes with the broadcast. */
  areaMessage: 'area-message',
  /** The one SMS after a hard bounce, with a self-service link to update the address. */
  emailBounced: 'email-bounced',
  /** The code that confirms a mobile number ("Bekräfta ditt mobilnummer"); `payload.code`. */
  mobileCode: 'mobile-code',
} as const;

/**
 * The decision for every event type, from the shipped defaults: the default rules, and `no-rule.yaml` (event type →
 * why no person is told about it).
 */
export interface EventDecisions {
  rules: readonly Rule[];
  noRule: ReadonlyMap<string, string>;
}

export class NotificationDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid notification rules or templates:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'NotificationDataError';
  }
}

export class UnknownMunicipality extends Error {}
export class UnknownTemplate extends Error {}

/**
 * The validated rules, templates and mailboxes of every municipality (defaults merged with each municipality's
 * overrides). Built once at start; a lookup never fails for data that passed validation.
 */
export class NotificationCatalogue {
  /** Event types with a rule (enabled or not) in at least one municipality. */
  private readonly ruleEvents: ReadonlySet<string>;

  constructor(
    private readonly municipalities: ReadonlyMap<string, MunicipalityNotifications>,
    private readonly defaultTemplates: ReadonlyMap<string, TemplateSet>,
    private readonly defaults: EventDecisions = { rules: [], noRule: new Map() },
  ) {
    this.ruleEvents = new Set([...municipalities.values()].flatMap((m) => m.rules.map((r) => r.event)));
  }

  /** false when no municipality has a rule for the event type: nothing to look up for such an event. */
  hasRulesFor(eventType: string): boolean {
    return this.ruleEvents.has(eventType);
  }

  /** The shipped default rules (before any municipality's overrides) and the events no person is told about. */
  eventDecisions(): EventDecisions {
    return this.defaults;
  }

  municipality(id: string): MunicipalityNotifications {
    const m = this.municipalities.get(id);
    if (!m) throw new UnknownMunicipality(`unknown municipality ${id}`);
    return m;
  }

  has(id: string): boolean {
    return this.municipalities.has(id);
  }

  ids(): string[] {
    return [...this.municipalities.keys()];
  }

  rulesFor(municipalityId: string, eventType: string): Rule[] {
    return this.municipalities.get(municipalityId)?.rules.filter((r) => r.event === eventType && r.enabled) ?? [];
  }

  /** All rules of a municipality (for the preview and the documentation). */
  allRules(municipalityId: string): Rule[] {
    return this.municipality(municipalityId).rules;
  }

  templateNames(municipalityId: string): string[] {
    return [...new Set([...this.defaultTemplates.keys(), ...this.municipality(municipalityId).templates.keys()])].sort();
  }

  /**
   * The municipality's own text in the language, else its Swedish text; without an own version, the default in
   * the language, else the default Swedish.
   */
  template(municipalityId: string, name: string, language: Language): { text: TemplateText; language: Language } {
    const own = this.municipality(municipalityId).templates.get(name);
    const set = own ?? this.defaultTemplates.get(name);
    if (!set) throw new UnknownTemplate(`unknown template ${name}`);
    const inLanguage = set[language];
    if (inLanguage) return { text: inLanguage, language };
    return { text: set.sv!, language: 'sv' };
  }

  /** The mailbox's address and name; `configured: false` when a police area has no mailbox of its own (the coordinator's is given). */
  mailbox(municipalityId: string, target: { mailbox: 'coordinator' } | { mailbox: 'police-area'; policeAreaId: string }): { address: string; name: string; configured: boolean } {
    const m = this.municipality(municipalityId);
    if (target.mailbox === 'coordinator') return { address: m.mailboxes.coordinator, name: m.name, configured: true };
    const area = m.policeAreas.find((a) => a.id === target.policeAreaId);
    const own = m.mailboxes.policeAreas[target.policeAreaId];
    return { address: own ?? m.mailboxes.coordinator, name: area?.name ?? m.name, configured: own !== undefined };
  }
}
