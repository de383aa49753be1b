import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { municipalityIdSchema } from '@trygg/contracts';
import { expandVariables, identitySchema, type MunicipalityIdentity } from './identity';

/** The police's approval target when `municipality.yaml` sets none. */
export const DEFAULT_APPROVAL_TARGET_DAYS = 14;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

/** `municipalities/<id>/municipality.yaml`: what every service may need to know about a municipality. */
export const municipalitySchema = z
  .object({
    id: municipalityIdSchema,
    name: z.string().min(1),
    timezone: z.string().default('Europe/Stockholm'),
    languages: z.array(z.enum(['sv', 'en'])).min(1).refine((l) => l.includes('sv'), 'must include sv'),
    policeAreas: z.array(z.object({ id: municipalityIdSchema, name: z.string().min(1) }).strict()).min(1),
    quietHours: z.object({ start: hhmm, end: hhmm }).strict(),
    branding: z
      .object({ primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be #RRGGBB'), logo: z.string().optional() })
      .strict(),
    contact: z
      .object({
        email: z.email(),
        phone: z.string().optional(),
        web: z.url().optional(),
        /** Where operational alerts go (an SMS cap reached); unset: `email`. */
        adminEmail: z.email().optional(),
      })
      .strict(),
    /**
     * SMS: the countries (ISO 3166-1 alpha-2) whose mobile numbers the municipality accepts in its forms (and so
     * may text, once the number is confirmed by code). Sweden only unless the municipality says otherwise.
     */
    sms: z
      .object({ countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be a country code such as SE')).min(1).default(['SE']) })
      .strict()
      .default({ countries: ['SE'] }),
    /**
     * The police's part: `approvalTargetDays` is how many days a police-approval case may wait for the officer's
     * decision (the officer's queue marks a case overdue after it, and the officer and the coordinator get one reminder).
     */
    police: z
      .object({ approvalTargetDays: z.number().int().min(1).max(365).default(DEFAULT_APPROVAL_TARGET_DAYS) })
      .strict()
      .default({ approvalTargetDays: DEFAULT_APPROVAL_TARGET_DAYS }),
  })
  .strict();

/**
 * A municipality: `municipality.yaml`, and `identity` from `identity.yaml` when the folder has one (without it,
 * nobody can sign in for the municipality).
 */
export type Municipality = z.infer<typeof municipalitySchema> & { readonly identity?: MunicipalityIdentity };

export class MunicipalityDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid municipality data:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'MunicipalityDataError';
  }
}

/** MUNICIPALITIES_DIR, or the `municipalities/` folder of the repository (found from here, in source or in dist/). */
export function defaultMunicipalitiesDir(): string {
  const configured = process.env['MUNICIPALITIES_DIR'];
  if (configured) return configured;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'municipalities');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return resolve('municipalities');
  }
}

/**
 * Reads every municipality folder (`municipality.yaml`, and `identity.yaml` with `${VAR:-default}` expanded from
 * `env`). A municipality is a folder of data: adding one needs no code. Invalid data stops the start with the file,
 * the path in it and the reason.
 */
export function loadMunicipalities(dir: string = defaultMunicipalitiesDir(), env: NodeJS.ProcessEnv = process.env): Map<string, Municipality> {
  if (!existsSync(dir)) throw new MunicipalityDataError([`${dir}: folder not found`]);
  const problems: string[] = [];
  const result = new Map<string, Municipality>();
  for (const entry of readdirSync(dir).sort()) {
    const folder = join(dir, entry);
    if (!statSync(folder).isDirectory()) continue;
    const file = join(folder, 'municipality.yaml');
    if (!existsSync(file)) {
      problems.push(`${file}: missing`);
      continue;
    }
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid YAML: ${(error as Error).message}`);
      continue;
    }
    const parsed = municipalitySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      continue;
    }
    if (parsed.data.id !== entry) {
      problems.push(`${file}: id: "${parsed.data.id}" must equal the folder name "${entry}"`);
      continue;
    }
    const identity = loadIdentity(join(folder, 'identity.yaml'), env, problems);
    if (identity === null) continue;
    result.set(parsed.data.id, identity ? { ...parsed.data, identity } : parsed.data);
  }
  if (problems.length) throw new MunicipalityDataError(problems);
  return result;
}

/** `identity.yaml` of one folder: undefined when there is none, null when invalid (the problems are collected). */
function loadIdentity(file: string, env: NodeJS.ProcessEnv, problems: string[]): MunicipalityIdentity | undefined | null {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: not valid YAML: ${(error as Error).message}`);
    return null;
  }
  const expansion: string[] = [];
  const expanded = expandVariables(raw, env, expansion);
  if (expansion.length) {
    problems.push(...expansion.map((p) => `${file}: ${p}`));
    return null;
  }
  const parsed = identitySchema.safeParse(expanded);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return null;
  }
  return parsed.data;
}
