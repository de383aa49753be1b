import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as contracts from './index';
import { publishedBy, publishers, publishersOf, unpublishedTypes } from './publishers';
import { subscriptions } from './subscriptions';

// The publishers map is the one declaration of who writes which topic (the ACLs come from it). This spec keeps it
// true to the code: the contracts each service passes to createEvent (in its own source, and in libs/step-worker's
// for the services built on it) are exactly the types declared for it.

const root = resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(spec|int-spec)\.ts$/.test(name) ? [path] : [];
  });
}

function createdEventTypes(dirs: string[]): string[] {
  const exported = contracts as unknown as Record<string, { type?: unknown }>;
  const types = new Set<string>();
  for (const file of dirs.flatMap(sourceFiles)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/createEvent\(\s*([A-Za-z]+V\d+)\b/g)) {
      const type = exported[match[1]!]?.type;
      if (typeof type !== 'string') throw new Error(`${file}: ${match[1]} is not a contract of libs/contracts`);
      types.add(type);
    }
  }
  return [...types].sort();
}

describe('publishers', () => {
  it.each(Object.keys(publishers))('%s: declared = the events its code creates', (service) => {
    const dir = join(root, 'services', service, 'src');
    const usesStepWorker = sourceFiles(dir).some((f) => readFileSync(f, 'utf8').includes("from '@trygg/step-worker'"));
    const dirs = [dir, ...(usesStepWorker ? [join(root, 'libs', 'step-worker', 'src')] : [])];
    expect(createdEventTypes(dirs)).toEqual([...publishedBy(service)].sort());
  });

  it('every event has a publisher, and every subscribed event too', () => {
    expect(unpublishedTypes()).toEqual([]);
    for (const types of Object.values(subscriptions)) for (const type of types) expect(publishersOf(type).length).toBeGreaterThan(0);
  });

  it('names only services that exist', () => {
    const services = readdirSync(join(root, 'services'));
    for (const service of [...Object.keys(publishers), ...Object.keys(subscriptions)]) expect(services).toContain(service);
  });
});
