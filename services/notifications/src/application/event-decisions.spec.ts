import { randomUUID } from 'node:crypto';
import { eventContracts } from '@trygg/contracts';
import { ruleMatches } from '../domain/rules';
import { shippedCatalogue } from '../../test/fakes';
import { PreviewTemplate } from './preview-template';

// Every event of the system has a decision: a default rule (someone is told) or a reason in defaults/no-rule.yaml.
// A new event type without either fails here.
describe('a decision for every event', () => {
  const catalogue = shippedCatalogue();
  const { rules, noRule } = catalogue.eventDecisions();

  it.each(eventContracts.map((c) => c.type))('%s has a default rule or a no-rule reason, not both', (type) => {
    const ruleIds = rules.filter((r) => r.event === type).map((r) => r.id);
    const reason = noRule.get(type);
    expect({ type, decided: ruleIds.length > 0 || reason !== undefined }).toEqual({ type, decided: true });
    expect({ type, both: ruleIds.length > 0 && reason !== undefined }).toEqual({ type, both: false });
    if (reason !== undefined) expect(reason.trim().length).toBeGreaterThan(20);
  });

  it('lists in no-rule.yaml only event types of the contracts', () => {
    const known = new Set<string>(eventContracts.map((c) => c.type));
    expect([...noRule.keys()].filter((t) => !known.has(t))).toEqual([]);
    expect(noRule.size).toBeGreaterThan(0);
  });
});

type Kind = 'member' | 'contact-person' | 'volunteer';
const subject = (kind: Kind) => ({ kind, id: randomUUID(), personId: randomUUID() });

describe('each subject kind gets its own outcome text (the domain’s rule matcher on the shipped rules)', () => {
  const catalogue = shippedCatalogue();
  const expected: Record<Kind, Record<'approved' | 'rejected' | 'withdrawn', string[]>> = {
    member: { approved: ['member-approved'], rejected: ['member-rejected'], withdrawn: [] },
    'contact-person': { approved: ['contact-person-approved'], rejected: ['contact-person-rejected'], withdrawn: [] },
    volunteer: { approved: ['walker-approved'], rejected: ['walker-rejected'], withdrawn: [] },
  };
  const cases = catalogue.ids().flatMap((m) =>
    (Object.keys(expected) as Kind[]).flatMap((kind) => (['approved', 'rejected', 'withdrawn'] as const).map((outcome) => [m, kind, outcome, expected[kind][outcome]] as const)),
  );

  it.each(cases)('%s: %s %s → %j', (municipalityId, kind, outcome, ruleIds) => {
    const payload = { instanceId: randomUUID(), processId: `${municipalityId}/${kind}`, processVersion: 1, subject: subject(kind), outcome, decidingStepId: outcome === 'approved' ? null : 'x', reason: outcome === 'approved' ? null : 'Skäl' };
    const matching = catalogue.rulesFor(municipalityId, 'onboarding.completed.v1').filter((r) => ruleMatches(r, payload));
    expect(matching.map((r) => r.id)).toEqual(ruleIds);
    for (const rule of matching) expect(rule.to).toEqual({ person: 'payload.subject.personId' });
  });

  const steps: Array<[Kind, string, Record<string, unknown>, string[]]> = [
    ['contact-person', 'agreement', { agreementId: 'a', agreementVersion: '1' }, ['contact-person-agreement-requested']],
    ['contact-person', 'meeting-attendance', { meeting: 'start' }, ['contact-person-meeting-requested']],
    ['contact-person', 'coordinator-review', {}, []],
    ['contact-person', 'police-approval', {}, ['police-approval-requested']],
    ['member', 'agreement', { agreementId: 'a', agreementVersion: '1' }, ['member-agreement-requested']],
    ['member', 'meeting-attendance', { meeting: 'information' }, ['member-meeting-requested']],
    ['member', 'email-verification', {}, []],
    ['volunteer', 'agreement', { agreementId: 'a', agreementVersion: '1' }, ['walker-agreement-requested']],
    ['volunteer', 'meeting-attendance', { meeting: 'information' }, ['walker-meeting-requested']],
    ['volunteer', 'age-check', { minimumAge: 18, field: 'birthYear' }, []],
  ];
  it.each(steps)('step requested: %s %s %j → %j', (kind, stepType, parameters, ruleIds) => {
    const payload = { instanceId: randomUUID(), stepId: stepType, stepType, attempt: 1, subject: subject(kind), subjectFields: {}, parameters, policeAreaId: 'lpo', dueAt: null };
    for (const m of catalogue.ids()) {
      const matching = catalogue.rulesFor(m, 'onboarding.step-requested.v1').filter((r) => ruleMatches(r, payload));
      expect({ m, rules: matching.map((r) => r.id) }).toEqual({ m, rules: ruleIds });
    }
  });
});

describe('the outcome SMS of members and contact persons (preview with full-length links)', () => {
  const catalogue = shippedCatalogue();
  const preview = new PreviewTemplate(catalogue, 'https://trygg-samverkan.example.se');
  const templates = ['member-approved', 'member-rejected', 'contact-person-approved', 'contact-person-rejected'];
  const cases = catalogue.ids().flatMap((m) => templates.flatMap((t) => (['sv', 'en'] as const).map((lang) => [m, t, lang] as const)));

  it.each(cases)('%s %s (%s) is one SMS segment and names the municipality', (m, template, lang) => {
    const result = preview.execute(m, template, lang);
    expect(result.usedBy).toMatchObject({ rule: template, channels: ['email', 'sms'], category: 'transactional' });
    expect(result.sms).toMatchObject({ segments: 1, encoding: 'GSM-7' });
    expect(result.sms!.text).toContain(catalogue.municipality(m).name);
  });
});
