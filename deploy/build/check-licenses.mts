// Fails when an installed npm package (runtime or development) has a licence that is not known to be
// compatible with distributing this project under EUPL-1.2. Run by `make test`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

// Permissive licences, and the copyleft licences named in the EUPL-1.2 compatibility appendix.
const allowed = new Set([
  'MIT', 'MIT-0', 'ISC', '0BSD', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'CC0-1.0', 'Unlicense', 'BlueOak-1.0.0',
  'Python-2.0', 'CC-BY-3.0', 'CC-BY-4.0', 'Zlib', 'WTFPL', 'MPL-2.0', 'EPL-1.0', 'EPL-2.0', 'LGPL-2.1', 'LGPL-3.0',
  'EUPL-1.2', 'Artistic-2.0',
]);

const root = process.argv[2] ?? process.cwd();
const problems: string[] = [];
let count = 0;

function licenceOf(pkg: { license?: unknown; licenses?: unknown }): string {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license === 'object' && 'type' in pkg.license) return String((pkg.license as { type: unknown }).type);
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l: { type?: string }) => l.type ?? '?').join(' OR ');
  return 'UNKNOWN';
}

/** "(MIT OR Apache-2.0)" is fine when one side is; "MIT AND CC-BY-3.0" when all parts are. */
function acceptable(expression: string): boolean {
  const e = expression.replace(/[()]/g, ' ').trim();
  if (e.includes(' OR ')) return e.split(' OR ').some((part) => acceptable(part));
  if (e.includes(' AND ')) return e.split(' AND ').every((part) => acceptable(part));
  return allowed.has(e.replace(/\+$/, '').replace(/-only$|-or-later$/, '').trim());
}

function visit(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (entry.startsWith('@')) {
      visit(path);
      continue;
    }
    const manifest = join(path, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string; private?: boolean; license?: unknown };
    count++;
    if (!(pkg.private && pkg.name?.startsWith('@trygg/'))) {
      const licence = licenceOf(pkg);
      if (!acceptable(licence)) problems.push(`${pkg.name}@${pkg.version}: ${licence}`);
    }
    visit(join(path, 'node_modules'));
  }
}

visit(join(root, 'node_modules'));
if (problems.length) {
  process.stderr.write(`Packages whose licence is not known to be EUPL-1.2-compatible:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`${count} packages checked: every licence is compatible with EUPL-1.2\n`);
