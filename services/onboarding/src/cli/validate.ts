import { defaultMunicipalitiesDir, MunicipalityDataError } from '@trygg/municipalities';
import { formatProblem, readDefinitionFiles } from '../infrastructure/definition-files';

// Validates every onboarding process definition: `node dist/services/onboarding/src/cli/validate.js [municipalities-dir]`.
// Exit code 0 when all are valid, 1 with one line per problem (file: path: reason) otherwise.
const dir = process.argv[2] ?? defaultMunicipalitiesDir();
try {
  const { definitions, problems } = readDefinitionFiles(dir);
  for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
  for (const d of definitions) process.stdout.write(`ok  ${d.municipalityId}/${d.kind} v${d.definition.version} (${d.definition.steps.map((s) => s.id).join(' → ')})\n`);
  process.exitCode = problems.length ? 1 : 0;
} catch (error) {
  process.stderr.write(`${error instanceof MunicipalityDataError ? error.message : (error as Error).message}\n`);
  process.exitCode = 1;
}
