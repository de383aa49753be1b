import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { allowedActor, builtInAnswerers, definitionHash, producerMayAnswer, producersFor, validateDefinition } from './definition';
import { readDefinitionFiles } from '../infrastructure/definition-files';

const base = () => ({
  version: 1,
  kind: 'contact-person',
  subjectFields: { name: { type: 'string' }, birthYear: { type: 'number' } },
  plugins: { 'bra-review': { sender: 'bra-review' } },
  steps: [
    { id: 'coordinator-check', type: 'coordinator-review', needs: ['name'], timeout: '30d', reminders: ['3d', '10d'], text: { sv: { title: 'Samordnaren' } } },
    { id: 'local-bra-review', type: 'bra-review', text: { sv: { title: 'BRÅ' }, en: { title: 'BRÅ' } } },
  ],
});

function problemsOf(raw: unknown, kind = 'contact-person') {
  const result = validateDefinition(raw, 'x.yaml', kind);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.reason}`);
}

function mutated(change: (d: ReturnType<typeof base>) => void) {
  const d = base();
  change(d);
  return d;
}

describe('a process definition', () => {
  it('accepts a valid definition and fills in defaults', () => {
    const result = validateDefinition(base(), 'x.yaml', 'contact-person');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.definition.steps[1]).toMatchObject({ needs: [], reminders: [], parameters: {} });
  });

  it.each([
    ['an unknown step type not declared as plug-in', (d: ReturnType<typeof base>) => (d.steps[1]!.type = 'home-visit'), 'steps.1.type: unknown step type "home-visit"'],
    ['a missing Swedish text', (d: ReturnType<typeof base>) => (d.steps[1]!.text = { en: { title: 'x' } } as never), 'steps.1.text.sv: is required (object)'],
    ['an unknown key', (d: ReturnType<typeof base>) => Object.assign(d.steps[0]!, { colour: 'red' }), 'steps.0: unknown key(s): colour'],
    ['a duplicate step id', (d: ReturnType<typeof base>) => (d.steps[1]!.id = 'coordinator-check'), 'steps.1.id: duplicate step id'],
    ['a bad timeout', (d: ReturnType<typeof base>) => (d.steps[0]!.timeout = '3 days'), 'steps.0.timeout: must be a duration'],
    ['a reminder after the timeout', (d: ReturnType<typeof base>) => (d.steps[0]!.reminders = ['3d', '31d']), 'steps.0.reminders.1: must be shorter than the timeout'],
    ['reminders out of order', (d: ReturnType<typeof base>) => (d.steps[0]!.reminders = ['10d', '3d']), 'steps.0.reminders.1: reminders must be in increasing order'],
    ['a need that is not a declared field', (d: ReturnType<typeof base>) => (d.steps[0]!.needs = ['personnummer']), 'steps.0.needs.0: field "personnummer" is not declared'],
    ['a condition on an undeclared field', (d: ReturnType<typeof base>) => Object.assign(d.steps[0]!, { when: { field: 'income', atLeast: 1 } }), 'steps.0.when.field: field "income" is not declared'],
    ['a condition with two operators', (d: ReturnType<typeof base>) => Object.assign(d.steps[0]!, { when: { field: 'birthYear', atLeast: 1, atMost: 3 } }), 'steps.0.when: must have exactly one of'],
    ['bad parameters of a built-in step', (d: ReturnType<typeof base>) => Object.assign(d.steps[0]!, { type: 'age-check', needs: ['birthYear'], parameters: { minimumAge: 'adult' } }), 'steps.0.parameters.minimumAge:'],
    ['an age check without its field', (d: ReturnType<typeof base>) => Object.assign(d.steps[0]!, { type: 'age-check', needs: [], parameters: { minimumAge: 18 } }), 'steps.0.needs: an age check needs the field "birthYear"'],
    ['a plug-in that claims a built-in type', (d: ReturnType<typeof base>) => Object.assign(d.plugins, { 'police-approval': { sender: 'x' } }), 'plugins.police-approval: "police-approval" is a built-in step type'],
    ['no steps', (d: ReturnType<typeof base>) => (d.steps = []), 'steps:'],
    ['a version that is not a positive whole number', (d: ReturnType<typeof base>) => (d.version = 1.5), 'version:'],
  ])('rejects %s, naming the path and the reason', (_what, change, expected) => {
    expect(problemsOf(mutated(change)).join('\n')).toContain(expected);
  });

  it('rejects a kind that does not match the file name', () => {
    expect(problemsOf(base(), 'volunteer')).toEqual(['kind: "contact-person" must match the file name "volunteer.yaml"']);
  });

  it('rejects any timeout that is not a whole number and a unit (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^[1-9]\d{0,5}[smhd]$/.test(s)),
        (timeout) => problemsOf(mutated((d) => ((d.steps[1] as { timeout?: string }).timeout = timeout))).some((p) => p.startsWith('steps.1.timeout:')),
      ),
    );
  });

  it('rejects any step type that is neither built in nor declared (property)', () => {
    const builtIn = ['email-verification', 'age-check', 'coordinator-review', 'police-approval', 'agreement', 'document-check', 'meeting-attendance', 'bra-review'];
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,8}(-[a-z]{1,8})?$/).filter((t) => !builtIn.includes(t)),
        (type) => problemsOf(mutated((d) => (d.steps[1]!.type = type))).some((p) => p.startsWith('steps.1.type: unknown step type')),
      ),
    );
  });

  it('has a hash that ignores key order and changes with any step change (property)', () => {
    const parsed = validateDefinition(base(), 'x.yaml', 'contact-person');
    if (!parsed.ok) throw new Error('base must be valid');
    const reordered = JSON.parse(JSON.stringify(parsed.definition, Object.keys(parsed.definition).reverse()));
    expect(definitionHash({ ...reordered, ...parsed.definition })).toBe(definitionHash(parsed.definition));
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 50 }).filter((t) => t !== 'BRÅ'), (title) => {
        const changed = structuredClone(parsed.definition);
        changed.steps[1]!.text.sv.title = title;
        return definitionHash(changed) !== definitionHash(parsed.definition);
      }),
    );
  });
});

describe('reading definition files', () => {
  const repoMunicipalities = resolve(__dirname, '../../../../municipalities');

  it('accepts every shipped municipality, whose processes differ in substance', () => {
    const { definitions, problems } = readDefinitionFiles(repoMunicipalities);
    expect(problems).toEqual([]);
    const steps = (m: string) => definitions.find((d) => d.municipalityId === m && d.kind === 'contact-person')!.definition.steps.map((s) => s.type);
    expect(steps('lilla-edet')).toEqual(['coordinator-review', 'bra-review', 'police-approval', 'meeting-attendance']);
    expect(steps('trollhattan')).toEqual(['coordinator-review', 'police-approval', 'agreement', 'meeting-attendance']);
    expect(steps('ale')).toEqual(['police-approval', 'agreement']);
    for (const m of ['ale', 'lilla-edet', 'trollhattan']) {
      expect(definitions.filter((d) => d.municipalityId === m).map((d) => d.kind).sort()).toEqual(['contact-person', 'member', 'volunteer']);
    }
  });

  it('refuses a municipality with one invalid file as a whole, and keeps the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onb-defs-'));
    cpSync(repoMunicipalities, dir, { recursive: true });
    writeFileSync(join(dir, 'ale', 'onboarding', 'member.yaml'), 'version: 1\nkind: member\nsteps:\n  - id: x\n    type: teleport\n    text: { sv: { title: X } }\n');
    mkdirSync(join(dir, 'trollhattan', 'onboarding'), { recursive: true });
    writeFileSync(join(dir, 'trollhattan', 'onboarding', 'walkers.yaml'), 'version: 1\n');
    const { definitions, problems } = readDefinitionFiles(dir);
    expect(problems.map((p) => `${p.municipalityId} ${p.path}: ${p.reason}`)).toEqual([
      'ale steps.0.type: unknown step type "teleport": not built in and not declared under plugins',
      'trollhattan (file name): must be one of member, contact-person, volunteer (.yaml)',
    ]);
    expect(problems[0]!.file).toBe(join(dir, 'ale', 'onboarding', 'member.yaml'));
    expect(new Set(definitions.map((d) => d.municipalityId))).toEqual(new Set(['lilla-edet']));
  });
});

describe('who may send an answer (producer binding)', () => {
  const parsed = validateDefinition(
    {
      version: 1,
      kind: 'contact-person',
      plugins: { 'bra-review': { sender: 'bra-review' } },
      steps: [
        { id: 'email', type: 'email-verification', text: { sv: { title: 'E-post' } } },
        { id: 'police', type: 'police-approval', text: { sv: { title: 'Polis' } } },
        { id: 'meeting', type: 'meeting-attendance', parameters: { meeting: 'start' }, text: { sv: { title: 'Möte' } } },
        { id: 'review', type: 'coordinator-review', handledBy: 'case-system', text: { sv: { title: 'Granskning' } } },
        { id: 'bra', type: 'bra-review', text: { sv: { title: 'BRÅ' } } },
      ],
    },
    'contact-person.yaml',
    'contact-person',
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const d = parsed.definition;
  const step = (id: string) => d.steps.find((s) => s.id === id)!;

  it.each([
    ['police', 'police', 'police-liaison', true],
    ['police', 'police', 'enrolment', false],
    ['police', 'police', 'bra-review', false],
    ['police', 'police', 'onboarding', false],
    ['police', 'police', null, false],
    ['meeting', 'police', 'police-liaison', true],
    ['meeting', 'police', 'onboarding', false],
    ['meeting', 'staff', 'onboarding', true],
    ['meeting', 'staff', 'police-liaison', true], // a coordinator recorded the start meeting's attendance in police-liaison
    ['meeting', 'staff', 'enrolment', false],
    ['email', 'system', 'enrolment', true],
    ['email', 'subject', 'enrolment', true],
    ['email', 'subject', 'onboarding', false],
    ['email', 'system', 'onboarding', false],
    ['review', 'plugin', 'case-system', true],
    ['review', 'plugin', 'onboarding', false],
    ['bra', 'plugin', 'bra-review', true],
    ['bra', 'plugin', 'police-liaison', false],
  ] as const)('step %s, actor kind %s, from %s → %s', (stepId, kind, producer, allowed) => {
    expect(producerMayAnswer(d, step(stepId), { kind }, producer)).toBe(allowed);
  });

  it('names who may send each built-in answer in one table, whose actor kinds are the allowed actors', () => {
    expect(producersFor(d, step('police'), 'police')).toEqual(['police-liaison']);
    expect(producersFor(d, step('police'), 'staff')).toEqual([]);
    expect(allowedActor(d, step('police'), { kind: 'staff', id: 'x' })).toBe(false);
    const withoutSender = Object.entries(builtInAnswerers).filter(([, byKind]) => Object.values(byKind).every((producers) => producers.length === 0));
    expect(withoutSender).toEqual([]);
  });
});
