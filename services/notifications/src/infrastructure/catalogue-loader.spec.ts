import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadMunicipalities } from '@trygg/municipalities';
import { NotificationDataError } from '../domain/catalogue';
import { loadNotificationCatalogue } from './catalogue-loader';

const repoMunicipalities = resolve(__dirname, '../../../../municipalities');
const repoDefaults = resolve(__dirname, '../../defaults');

/** A copy of the shipped data in a temp folder, to break on purpose. */
function copyOfShippedData() {
  const root = mkdtempSync(join(tmpdir(), 'ntf-catalogue-'));
  cpSync(repoMunicipalities, join(root, 'municipalities'), { recursive: true });
  cpSync(repoDefaults, join(root, 'defaults'), { recursive: true });
  const load = () =>
    loadNotificationCatalogue({ defaultsDir: join(root, 'defaults'), municipalitiesDir: join(root, 'municipalities'), municipalities: loadMunicipalities(join(root, 'municipalities')) });
  return { root, load };
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof NotificationDataError) return error.problems;
    throw error;
  }
  throw new Error('expected the data to be refused');
}

describe('rules and templates as data', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const fresh = () => {
    const c = copyOfShippedData();
    dirs.push(c.root);
    return c;
  };

  it('loads the shipped defaults and every municipality, with police-area and coordinator mailboxes', () => {
    const catalogue = fresh().load();
    expect(catalogue.rulesFor('ale', 'enrolment.registration-submitted.v1').map((r) => r.template)).toEqual(['registration-confirmation']);
    expect(catalogue.mailbox('ale', { mailbox: 'police-area', policeAreaId: 'lpo-ale-kungalv' }).address).toBe('kommunpolis.lpo-ale-kungalv@polisen.example');
    expect(catalogue.mailbox('ale', { mailbox: 'coordinator' }).address).toBe('samordnare@ale.example');
  });

  it('prefers a municipality’s own wording, and falls back to Swedish where a language is missing', () => {
    const catalogue = fresh().load();
    expect(catalogue.template('lilla-edet', 'group-activated', 'sv').text.email!.subject).toMatch(/^Grannsamverkan \{\{payload.groupName\}\} har startat/);
    expect(catalogue.template('lilla-edet', 'group-activated', 'en').language).toBe('sv');
    expect(catalogue.template('ale', 'group-activated', 'en').language).toBe('en');
    expect(catalogue.template('ale', 'onboarding-stalled', 'en').language).toBe('sv');
  });

  it('refuses an HTML template whose link is not built from a link variable, naming the file', () => {
    const { root, load } = fresh();
    const dir = join(root, 'municipalities/ale/notifications/templates');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'group-activated.sv.yaml'),
      'email:\n  subject: Hej\n  text: Hej\n  html: \'<p><a href="{{payload.groupName}}">x</a> <a href="{{link.url}}{{recipient.name}}">y</a> <a href="https://ale.se/grannsamverkan">ok</a> <a href="{{unsubscribe.url}}">ok</a></p>\'\nsms:\n  text: Hej\n',
    );
    const problems = problemsOf(load);
    expect(problems.filter((p) => p.includes('email.html'))).toEqual([
      expect.stringMatching(/ale\/notifications\/templates\/group-activated\.sv\.yaml: email\.html: href="\{\{payload\.groupName\}\}": a link must begin with/),
      expect.stringMatching(/group-activated\.sv\.yaml: email\.html: href="\{\{link\.url\}\}\{\{recipient\.name\}\}"/),
    ]);
  });

  it('refuses a municipality template without its Swedish version, naming the file', () => {
    const { root, load } = fresh();
    const dir = join(root, 'municipalities/ale/notifications/templates');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'group-activated.en.yaml'), 'email:\n  subject: Hi\n  text: Hello\nsms:\n  text: Hi\n');
    expect(problemsOf(load)).toEqual([expect.stringMatching(/ale\/notifications\/templates\/group-activated\.sv\.yaml: missing: .*Swedish \(sv\) is required/)]);
  });

  it('refuses a template variable the event does not carry, naming file, variable and rule', () => {
    const { root, load } = fresh();
    const dir = join(root, 'municipalities/ale/notifications/templates');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'group-activated.sv.yaml'), 'email:\n  subject: "{{payload.groupName}}"\n  text: "Hej {{payload.email}}"\nsms:\n  text: Hej\n');
    const problems = problemsOf(load);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/group-activated\.sv\.yaml: variable \{\{payload\.email\}\} is not available to rule "group-activated"/);
  });

  it('refuses a link variable in a rule that asks for no link, and a rule for an unknown event', () => {
    const { root, load } = fresh();
    writeFileSync(
      join(root, 'municipalities/trollhattan/notifications/rules.yaml'),
      ['rules:', '  - { id: onboarding-stalled, event: onboarding.stalled.v1, to: { mailbox: coordinator }, channels: [email], category: transactional, template: registration-confirmation }', '  - { id: extra, event: enrolment.no-such.v1, to: { mailbox: coordinator }, channels: [email], category: information, template: onboarding-stalled }'].join('\n'),
    );
    const problems = problemsOf(load).join('\n');
    expect(problems).toMatch(/registration-confirmation\.sv\.yaml: variable \{\{payload\.name\}\} is not available to rule "onboarding-stalled"/);
    expect(problems).toMatch(/registration-confirmation\.sv\.yaml: variable \{\{link\.url\}\} is not available/);
    expect(problems).toMatch(/rule "extra" .*trollhattan\/notifications\/rules\.yaml\): event: unknown event type enrolment\.no-such\.v1/);
  });

  it('refuses an SMS channel when the template has no SMS text, and invalid YAML shapes with their path', () => {
    const { root, load } = fresh();
    writeFileSync(
      join(root, 'municipalities/ale/notifications/rules.yaml'),
      'rules:\n  - { id: registration-confirmation, event: enrolment.registration-submitted.v1, to: { person: payload.personId }, channels: [email, sms], category: transactional, template: registration-confirmation, link: confirmation }\n  - { id: Bad Id, event: x, to: {}, channels: [], category: spam, template: y }\n',
    );
    const problems = problemsOf(load).join('\n');
    expect(problems).toMatch(/ale\/notifications\/rules\.yaml: rules\.1\.id: must be kebab-case/);
    expect(problems).toMatch(/ale\/notifications\/rules\.yaml: rules\.1\.category/);
  });

  it('refuses a link kind whose id the event does not carry (an activity-check link needs payload.checkId)', () => {
    const { root, load } = fresh();
    writeFileSync(
      join(root, 'municipalities/ale/notifications/rules.yaml'),
      'rules:\n  - { id: group-activated, event: enrolment.group-activated.v1, to: { groupMembers: payload.groupId }, channels: [email], category: information, template: activity-check, link: activity-check }\n',
    );
    const problems = problemsOf(load).join('\n');
    expect(problems).toMatch(/rule "group-activated" .*ale\/notifications\/rules\.yaml\): link: activity-check needs payload\.checkId, which enrolment\.group-activated\.v1 does not have/);
  });

  it('refuses a mailbox for a police area the municipality does not have', () => {
    const { root, load } = fresh();
    writeFileSync(join(root, 'municipalities/ale/notifications/mailboxes.yaml'), 'policeAreas:\n  lpo-stockholm: x@polisen.example\n');
    expect(problemsOf(load)).toEqual([expect.stringMatching(/ale\/notifications\/mailboxes\.yaml: policeAreas\.lpo-stockholm: not a police area of ale/)]);
  });

  it('refuses unknown files in a municipality’s notifications folder', () => {
    const { root, load } = fresh();
    writeFileSync(join(root, 'municipalities/ale/notifications/rules.yml'), 'rules: []\n');
    expect(problemsOf(load)).toEqual([expect.stringMatching(/ale\/notifications\/rules\.yml: unexpected file/)]);
  });

  it('loads defaults/no-rule.yaml: the events no person is told about, each with its reason', () => {
    const { noRule, rules } = fresh().load().eventDecisions();
    expect(noRule.get('enrolment.member-joined.v1')).toMatch(/member-approved/);
    expect(noRule.has('onboarding.completed.v1')).toBe(false);
    expect(rules.map((r) => r.id)).toEqual(expect.arrayContaining(['member-approved', 'contact-person-approved', 'walker-approved']));
  });

  it('refuses a no-rule.yaml with an unknown event type, an empty reason or an event that has a default rule, naming file and key', () => {
    const { root, load } = fresh();
    const file = join(root, 'defaults/no-rule.yaml');
    writeFileSync(file, ['enrolment.no-such-event.v1: a reason that is long enough', 'enrolment.member-joined.v1: "  "', 'onboarding.completed.v1: people are told about it'].join('\n'));
    expect(problemsOf(load)).toEqual([
      `${file}: enrolment.no-such-event.v1: not an event type of @trygg/contracts`,
      `${file}: enrolment.member-joined.v1: must give the reason (a non-empty text)`,
      expect.stringMatching(/defaults\/no-rule\.yaml: onboarding\.completed\.v1: has the default rule "member-approved", .*not both/),
    ]);
    writeFileSync(file, '- enrolment.member-joined.v1\n');
    expect(problemsOf(load)).toEqual([expect.stringMatching(/defaults\/no-rule\.yaml: \(root\): must map event types to reasons/)]);
  });

  it('refuses a municipality that still overrides the retired generic onboarding-approved/-rejected, naming the ids to use', () => {
    const { root, load } = fresh();
    const dir = join(root, 'municipalities/ale/notifications/templates');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'onboarding-approved.sv.yaml'), 'email:\n  subject: Hej\n  text: Hej\n');
    writeFileSync(join(root, 'municipalities/ale/notifications/rules.yaml'), 'rules:\n  - { id: onboarding-rejected, event: onboarding.completed.v1, to: { person: payload.subject.personId }, channels: [email], category: transactional, template: member-rejected }\n');
    expect(problemsOf(load)).toEqual([
      expect.stringMatching(/ale\/notifications\/rules\.yaml: rule "onboarding-rejected": "onboarding-rejected" was retired .*use member-rejected and contact-person-rejected/),
      expect.stringMatching(/ale\/notifications\/templates\/onboarding-approved\.\*\.yaml: template "onboarding-approved" was retired .*use member-approved and contact-person-approved/),
    ]);
  });
});
