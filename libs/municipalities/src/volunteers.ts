import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { defaultMunicipalitiesDir, MunicipalityDataError } from './municipality';

const organisationId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be an organisation id (kebab-case)').max(100);

/**
 * One walker organisation's composition rules for its walks (trygghetsvandring / nattvandring). Checked by
 * volunteers at booking and when it tells whether a walk is staffed.
 */
export const walkerOrganisationSchema = z
  .object({
    id: organisationId,
    name: z.string().min(1).max(200),
    /** Adults only from this age (the organisation's own rule: 18, 20, 25 …). */
    minimumAge: z.number().int().min(18).max(99),
    /** The fewest walkers of a walk of this organisation: never fewer than 2; 3 unless said otherwise. */
    minimumWalkers: z.number().int().min(2, 'a walk needs at least 2 walkers').max(50).default(3),
    /** At least this many walkers of each walk have done the basic training. */
    trainedWalkersRequired: z.number().int().min(1).max(50).default(1),
    /**
     * Youth walkers (younger than `minimumAge`, from `youth.minimumAge`, e.g. 15–17) only where the organisation
     * allows them; always with a guardian's consent recorded, and never without at least `minimumAdults` adults on
     * the walk. Absent: no youth walkers.
     */
    youth: z
      .object({
        minimumAge: z.number().int().min(13).max(17),
        minimumAdults: z.number().int().min(1).max(50).default(2),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.trainedWalkersRequired > o.minimumWalkers) ctx.addIssue({ code: 'custom', path: ['trainedWalkersRequired'], message: 'must be at most minimumWalkers' });
    if (o.youth && o.youth.minimumAge >= o.minimumAge) ctx.addIssue({ code: 'custom', path: ['youth', 'minimumAge'], message: 'must be below minimumAge' });
  });

/** `municipalities/<id>/volunteers.yaml`: the walker organisations of the municipality and their rules. */
export const volunteersFileSchema = z
  .object({
    /** The organisation of a walker who named none at sign-up (usually the municipality's own walkers). */
    defaultOrganisation: organisationId,
    organisations: z.array(walkerOrganisationSchema).min(1),
    /** How volunteers runs the walks of the municipality on its own (issue 15). */
    walks: z
      .object({
        /**
         * A scheduled walk whose composition rules still do not hold this many hours before its start is cancelled
         * (reason `unstaffed`) and those booked are told. 0: never cancelled automatically. Default 12.
         */
        cancelUnstaffedHoursBefore: z.number().int().min(0).max(47).default(12),
      })
      .strict()
      .default({ cancelUnstaffedHoursBefore: 12 }),
  })
  .strict()
  .superRefine((f, ctx) => {
    const ids = f.organisations.map((o) => o.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['organisations', i, 'id'], message: `duplicate organisation id "${id}"` });
    });
    if (!ids.includes(f.defaultOrganisation)) ctx.addIssue({ code: 'custom', path: ['defaultOrganisation'], message: 'must be one of the organisations' });
  });

export type WalkerOrganisation = z.output<typeof walkerOrganisationSchema>;
export type VolunteerOrganisations = z.output<typeof volunteersFileSchema>;

/**
 * Reads `volunteers.yaml` of every municipality folder that has one → Map<municipalityId, organisations>. A
 * municipality without the file has no walks. Every problem (invalid YAML, a bad field with its path) is collected
 * into one `MunicipalityDataError`.
 */
export function loadVolunteerOrganisations(dir: string = defaultMunicipalitiesDir()): Map<string, VolunteerOrganisations> {
  if (!existsSync(dir)) throw new MunicipalityDataError([`${dir}: folder not found`]);
  const problems: string[] = [];
  const result = new Map<string, VolunteerOrganisations>();
  for (const entry of readdirSync(dir).sort()) {
    const file = join(dir, entry, 'volunteers.yaml');
    if (!statSync(join(dir, entry)).isDirectory() || !existsSync(file)) continue;
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid YAML: ${(error as Error).message}`);
      continue;
    }
    const parsed = volunteersFileSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      continue;
    }
    result.set(entry, parsed.data);
  }
  if (problems.length) throw new MunicipalityDataError(problems);
  return result;
}
