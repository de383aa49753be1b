import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { catalogueMarkdown, jsonSchemas } from './catalogue';

// Writes docs/events.md and docs/schemas/<type>.json from the registry.
const root = process.argv[2] ?? process.cwd();
const md = join(root, 'docs', 'events.md');
mkdirSync(dirname(md), { recursive: true });
writeFileSync(md, catalogueMarkdown() + '\n');
const schemaDir = join(root, 'docs', 'schemas');
mkdirSync(schemaDir, { recursive: true });
for (const [type, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(join(schemaDir, `${type}.json`), JSON.stringify(schema, null, 2) + '\n');
}
process.stdout.write(`wrote ${md} and ${schemaDir}\n`);
