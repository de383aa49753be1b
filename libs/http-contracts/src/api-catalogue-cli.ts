import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument } from './asyncapi';
import { apiDocument, serviceRoutes, type ServiceWithApi } from './services';

// Writes docs/api/<service>.json (OpenAPI 3.1) for every service and docs/asyncapi.json (AsyncAPI 3.0) for the events.
const root = process.argv[2] ?? process.cwd();
const json = (document: unknown) => JSON.stringify(document, null, 2) + '\n';
const apiDir = join(root, 'docs', 'api');
mkdirSync(apiDir, { recursive: true });
for (const service of Object.keys(serviceRoutes).sort() as ServiceWithApi[]) {
  writeFileSync(join(apiDir, `${service}.json`), json(apiDocument(service)));
}
writeFileSync(join(root, 'docs', 'asyncapi.json'), json(asyncApiDocument()));
process.stdout.write(`wrote ${apiDir}/*.json and ${join(root, 'docs', 'asyncapi.json')}\n`);
