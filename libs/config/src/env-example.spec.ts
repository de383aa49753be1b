import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { EXAMPLE_INTERNAL_SECRET } from './shared-settings';
import { loadConfig } from './load-config';

// .env.example at the repository root lists every variable of every service once, with its meaning. This spec keeps it
// true: it finds every service's schema (the one `…ConfigShape` export of services/<name>/src/config.ts) and the
// variables read directly from process.env in services' and libs' source, and fails naming each variable missing from
// the file, listed there but read by nobody, listed twice, without its comment line, or in the wrong section.

const root = resolve(__dirname, '../../..');
const SHARED = 'shared';

interface Entry {
  name: string;
  value: string;
  optional: boolean;
  section: string;
  line: number;
  described: boolean;
}

function parseEnvExample(text: string): { entries: Entry[]; sections: string[] } {
  const entries: Entry[] = [];
  const sections: string[] = [];
  let section = '(before any section)';
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const header = /^## (\S+)/.exec(raw);
    if (header) {
      section = header[1]!;
      sections.push(section);
      return;
    }
    const entry = /^(#?)([A-Z][A-Z0-9_]*)=(.*)$/.exec(raw);
    if (!entry) return;
    const previous = lines[i - 1] ?? '';
    entries.push({
      name: entry[2]!,
      value: entry[3]!.replace(/^"(.*)"$/, '$1'),
      optional: entry[1] === '#',
      section,
      line: i + 1,
      described: /^# \S/.test(previous) && !/^#?[A-Z][A-Z0-9_]*=/.test(previous),
    });
  });
  return { entries, sections };
}

type Shape = z.ZodRawShape;

/** Every service (a folder under services/ with src/config.ts) and its configuration shape. */
async function serviceShapes(): Promise<Map<string, Shape>> {
  const shapes = new Map<string, Shape>();
  for (const service of readdirSync(join(root, 'services')).sort()) {
    const file = join(root, 'services', service, 'src', 'config.ts');
    if (!existsSync(file)) continue;
    const exported = Object.entries((await import(file)) as Record<string, unknown>).filter(([name]) => name.endsWith('ConfigShape'));
    if (exported.length !== 1) throw new Error(`services/${service}/src/config.ts must export exactly one …ConfigShape (found ${exported.length})`);
    shapes.set(service, exported[0]![1] as Shape);
  }
  return shapes;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

/** Variables read from process.env outside the config schemas (services' and libs' source; libs/testing is for tests only). */
function directlyRead(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const folders = ['services', 'libs'].flatMap((top) =>
    readdirSync(join(root, top))
      .filter((name) => !(top === 'libs' && name === 'testing'))
      .map((name) => join(root, top, name, 'src')),
  );
  for (const file of folders.flatMap(sourceFiles)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/process\.env(?:\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]|\.([A-Z][A-Z0-9_]*))/g)) {
      const name = (match[1] ?? match[2])!;
      found.set(name, [...(found.get(name) ?? []), relative(root, file)]);
    }
  }
  return found;
}

/** What the repository reads and what .env.example says, compared. An empty list: the file is complete and true. */
export async function envExampleProblems(text: string): Promise<string[]> {
  const shapes = await serviceShapes();
  const direct = directlyRead();
  const readers = new Map<string, string[]>();
  for (const [service, shape] of shapes) for (const name of Object.keys(shape)) readers.set(name, [...(readers.get(name) ?? []), service]);
  // A variable read directly in a service's source counts as that service's; one read in a lib, as every service's.
  for (const [name, files] of direct) {
    for (const file of files) {
      const owner = /^services\/([^/]+)\//.exec(file)?.[1] ?? 'libs';
      if (!readers.get(name)?.includes(owner)) readers.set(name, [...(readers.get(name) ?? []), owner]);
    }
  }
  const expectedSection = (name: string): string | undefined => {
    const owners = readers.get(name);
    if (!owners) return undefined;
    return owners.length > 1 || owners[0] === 'libs' ? SHARED : owners[0];
  };

  const { entries, sections } = parseEnvExample(text);
  const problems: string[] = [];
  for (const section of sections) {
    if (section !== SHARED && !shapes.has(section)) problems.push(`section "## ${section}" names no service (known: ${SHARED}, ${[...shapes.keys()].join(', ')})`);
  }
  for (const service of shapes.keys()) if (!sections.includes(service)) problems.push(`section "## ${service}" is missing`);
  if (!sections.includes(SHARED)) problems.push(`section "## ${SHARED}" is missing`);

  const seen = new Map<string, Entry>();
  for (const entry of entries) {
    const first = seen.get(entry.name);
    if (first) problems.push(`${entry.name} is listed twice (lines ${first.line} and ${entry.line})`);
    seen.set(entry.name, entry);
    const expected = expectedSection(entry.name);
    if (!expected) problems.push(`${entry.name} is listed in .env.example (line ${entry.line}) but no service reads it`);
    else if (entry.section !== expected) problems.push(`${entry.name} belongs under "## ${expected}" (read by ${readers.get(entry.name)!.join(', ')}), not "## ${entry.section}"`);
    if (!entry.described) problems.push(`${entry.name} (line ${entry.line}) needs a comment line saying what it means just above it`);
  }
  for (const [name, owners] of readers) {
    if (!seen.has(name)) problems.push(`${name} is missing from .env.example (read by ${owners.join(', ')})`);
  }
  return problems;
}

describe('.env.example', () => {
  const text = readFileSync(join(root, '.env.example'), 'utf8');

  it('lists every variable of every service once, with its meaning, in the right section, and nothing else', async () => {
    expect(await envExampleProblems(text)).toEqual([]);
  });

  it('names a variable that is missing and one that nobody reads', async () => {
    const withoutRedis = text.replace(/^REDIS_URL=.*$/m, '');
    expect(await envExampleProblems(withoutRedis)).toContainEqual(expect.stringMatching(/^REDIS_URL is missing from \.env\.example \(read by .*notifications/));
    const withUnknown = `${text}# Something no service reads.\nNOT_A_SETTING=1\n`;
    expect(await envExampleProblems(withUnknown)).toContainEqual(expect.stringMatching(/^NOT_A_SETTING is listed in \.env\.example .* but no service reads it/));
  });

  it('has example values every service accepts, the optional ones included (a secret\'s placeholder excepted: refused)', async () => {
    const { entries } = parseEnvExample(text);
    // The placeholder of INTERNAL_SECRET_* and SMS_DELIVERY_REPORT_SECRET is there to be replaced: a service must refuse
    // it (and accept a real secret).
    const realSecret = 'a-real-random-secret-of-more-than-32-bytes-0123456789';
    const refusesPlaceholder = (name: string) => name.startsWith('INTERNAL_SECRET_') || name === 'SMS_DELIVERY_REPORT_SECRET';
    const placeholders = entries.filter((e) => refusesPlaceholder(e.name) && e.value === EXAMPLE_INTERNAL_SECRET).map((e) => e.name);
    expect(placeholders.length).toBeGreaterThan(0);
    for (const [service, shape] of await serviceShapes()) {
      const ownOrShared = entries.filter((e) => e.section === SHARED || e.section === service);
      const value = (e: { name: string; value: string }) => (placeholders.includes(e.name) ? realSecret : e.value);
      const set = Object.fromEntries(ownOrShared.filter((e) => !e.optional).map((e) => [e.name, value(e)]));
      const all = Object.fromEntries(ownOrShared.map((e) => [e.name, value(e)]));
      expect(() => loadConfig(shape, set)).not.toThrow();
      expect(() => loadConfig(shape, all)).not.toThrow();
      for (const name of placeholders.filter((n) => n in shape)) {
        expect(() => loadConfig(shape, { ...all, [name]: EXAMPLE_INTERNAL_SECRET })).toThrow(`${name} is invalid: is the example value of .env.example`);
      }
    }
  });
});
