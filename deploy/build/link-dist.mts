// After `tsc -p tsconfig.build.json`, makes `@trygg/<lib>` resolvable from the compiled services:
// dist/node_modules/@trygg/<lib>/package.json points at dist/libs/<lib>/src/index.js.
// (Node's lookup from dist/services/... walks up to dist/node_modules before the workspace links in
// node_modules/@trygg, whose package.json files point at the TypeScript sources.)
import { mkdirSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? process.cwd();
const libs = readdirSync(join(root, 'libs')).filter((name) => existsSync(join(root, 'dist', 'libs', name, 'src', 'index.js')));
for (const name of libs) {
  const dir = join(root, 'dist', 'node_modules', '@trygg', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@trygg/${name}`, main: `../../../libs/${name}/src/index.js` }, null, 2) + '\n');
}
process.stdout.write(`linked ${libs.length} libs into dist/node_modules/@trygg\n`);
