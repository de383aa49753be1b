import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { subjectKindSchema } from '@trygg/contracts';
import { loadMunicipalities } from '@trygg/municipalities';
import { type DefinitionProblem, type ProcessDefinition, type SubjectKind, validateDefinition } from '../domain/definition';

export interface DefinitionFile {
  municipalityId: string;
  kind: SubjectKind;
  file: string;
  definition: ProcessDefinition;
}

export interface MunicipalityProblem extends DefinitionProblem {
  municipalityId: string;
}

/**
 * Reads `<dir>/<municipality>/onboarding/<kind>.yaml` for every municipality. A municipality with any invalid file
 * gets none of its definitions loaded (it is refused as a whole, never run half) and its problems are returned.
 */
export function readDefinitionFiles(dir: string): { definitions: DefinitionFile[]; problems: MunicipalityProblem[] } {
  const municipalities = loadMunicipalities(dir);
  const definitions: DefinitionFile[] = [];
  const problems: MunicipalityProblem[] = [];
  for (const municipalityId of municipalities.keys()) {
    const folder = join(dir, municipalityId, 'onboarding');
    if (!existsSync(folder)) continue;
    const found: DefinitionFile[] = [];
    const mine: MunicipalityProblem[] = [];
    for (const name of readdirSync(folder).sort()) {
      const file = join(folder, name);
      if (!/\.ya?ml$/.test(name)) continue;
      const kind = basename(name).replace(/\.ya?ml$/, '');
      const parsedKind = subjectKindSchema.safeParse(kind);
      if (!parsedKind.success) {
        mine.push({ municipalityId, file, path: '(file name)', reason: `must be one of ${subjectKindSchema.options.join(', ')} (.yaml)` });
        continue;
      }
      let raw: unknown;
      try {
        raw = parse(readFileSync(file, 'utf8'));
      } catch (error) {
        mine.push({ municipalityId, file, path: '(root)', reason: `not valid YAML: ${(error as Error).message}` });
        continue;
      }
      const result = validateDefinition(raw, file, kind);
      if (result.ok) found.push({ municipalityId, kind: parsedKind.data, file, definition: result.definition });
      else mine.push(...result.problems.map((p) => ({ municipalityId, ...p })));
    }
    if (mine.length) problems.push(...mine);
    else definitions.push(...found);
  }
  return { definitions, problems };
}

export function formatProblem(p: MunicipalityProblem): string {
  return `${p.file}: ${p.path}: ${p.reason}`;
}
