import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { defaultMunicipalitiesDir } from '@trygg/municipalities';

/** Step id → its title in Swedish and English, as the municipality's volunteer process names it. */
export type StepTitles = ReadonlyMap<string, { sv?: string; en?: string }>;

const processFile = z.object({
  steps: z.array(
    z.object({
      id: z.string(),
      text: z.object({ sv: z.object({ title: z.string() }).partial().optional(), en: z.object({ title: z.string() }).partial().optional() }).partial().optional(),
    }),
  ),
});

/**
 * The titles of the steps of each municipality's walker onboarding (`municipalities/<id>/onboarding/volunteer.yaml`,
 * onboarding's process definition), for the coordinator's list ("waits for: Informationsmöte …"). Onboarding checks
 * the file itself; here a missing or unreadable one only means no titles (the page then names the step by its type).
 */
export function loadVolunteerStepTitles(dir: string = defaultMunicipalitiesDir()): Map<string, StepTitles> {
  const result = new Map<string, StepTitles>();
  if (!existsSync(dir)) return result;
  for (const municipality of readdirSync(dir)) {
    const file = join(dir, municipality, 'onboarding', 'volunteer.yaml');
    if (!existsSync(file)) continue;
    const parsed = processFile.safeParse(safeYaml(readFileSync(file, 'utf8')));
    if (!parsed.success) continue;
    result.set(municipality, new Map(parsed.data.steps.map((s) => [s.id, { sv: s.text?.sv?.title, en: s.text?.en?.title }])));
  }
  return result;
}

function safeYaml(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}
