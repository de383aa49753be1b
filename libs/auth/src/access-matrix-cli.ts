import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceRoutes } from '@trygg/http-contracts';
import { accessMatrixMarkdown } from './access-matrix';

// `npm run access:matrix` (after the build): writes docs/access-matrix.md from the route contracts.
const root = process.argv[2] ?? process.cwd();
const file = join(root, 'docs', 'access-matrix.md');
writeFileSync(file, accessMatrixMarkdown(serviceRoutes));
process.stdout.write(`wrote ${file}\n`);
