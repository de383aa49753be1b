import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { defaultMunicipalitiesDir, MunicipalityDataError } from '@trygg/municipalities';
import { type IdentityProviderEntry, POLICE_ORGANISATION } from '../domain/staff-session';

const groups = z.array(z.string().min(1));
const entrySchema = z.object({
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name'),
  audience: z.string().min(1),
  groupsClaim: z.string().min(1),
  roles: z.partialRecord(z.enum(['coordinator', 'police-officer', 'reviewer', 'municipal-role', 'data-protection-officer', 'admin']), groups),
  reviewers: z.record(z.string(), groups).optional(),
  permissions: z.record(z.string(), groups).optional(),
  policeAreaClaim: z.string().min(1).optional(),
});
const identitySchema = z.object({ staff: entrySchema, police: entrySchema.extend({ policeAreaClaim: z.string().min(1) }) });

/** `${VAR}` and `${VAR:-default}` expanded from the environment (an unset VAR without a default is an error). */
export function expandEnv(text: string, env: NodeJS.ProcessEnv, problems: string[], where: string): string {
  return text.replace(/\$\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?\}/g, (_all, name: string, fallback: string | undefined) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    problems.push(`${where}: \${${name}} is not set and has no default`);
    return '';
  });
}

/** The identity providers the web signs people in at: each municipality's staff IdP (by municipality id) and the police's (`polisen`). */
export type IdentityProviders = ReadonlyMap<string, IdentityProviderEntry>;

/**
 * Reads the `staff` and `police` entries of every `municipalities/<id>/identity.yaml`. The police entry must name the
 * same issuer and client wherever it appears. A missing or invalid file stops the start with the file and the reason.
 */
export function loadIdentityProviders(dir: string = defaultMunicipalitiesDir(), env: NodeJS.ProcessEnv = process.env): Map<string, IdentityProviderEntry> {
  const problems: string[] = [];
  const result = new Map<string, IdentityProviderEntry>();
  for (const id of readdirSync(dir).sort()) {
    if (!statSync(join(dir, id)).isDirectory()) continue;
    const file = join(dir, id, 'identity.yaml');
    if (!existsSync(file)) {
      problems.push(`${file}: missing (who signs in for this municipality)`);
      continue;
    }
    const parsed = identitySchema.safeParse(parse(expandEnv(readFileSync(file, 'utf8'), env, problems, file)));
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`));
      continue;
    }
    result.set(id, parsed.data.staff);
    const police = result.get(POLICE_ORGANISATION);
    if (!police) result.set(POLICE_ORGANISATION, parsed.data.police);
    else if (police.issuer !== parsed.data.police.issuer || police.clientId !== parsed.data.police.clientId)
      problems.push(`${file}: police: another issuer or client than the other municipalities' (${police.issuer}); the web signs officers in at one police IdP`);
  }
  if (problems.length) throw new MunicipalityDataError(problems);
  return result;
}
