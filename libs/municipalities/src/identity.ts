import { z } from 'zod';
import { PERMISSIONS, ROLES } from '@trygg/http-contracts';

const groups = z.array(z.string().min(1)).min(1);
const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name (UPPER_SNAKE)');
const claimName = z.string().min(1);
const stepId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a step id (kebab-case)');

const issuerShape = {
  issuer: z.url({ protocol: /^https?$/ }),
  clientId: z.string().min(1),
  clientSecretEnv: envName,
  audience: z.string().min(1),
  groupsClaim: claimName.default('groups'),
};

const staffRoles = ROLES.filter((r) => r !== 'police-officer' && r !== 'reviewer') as Array<Exclude<(typeof ROLES)[number], 'police-officer' | 'reviewer'>>;

/** `municipalities/<id>/identity.yaml`: who signs in for the municipality, and how IdP groups become our roles. */
export const identitySchema = z
  .object({
    /** The municipality's own IdP (or eID broker) for its staff. */
    staff: z
      .object({
        ...issuerShape,
        roles: z.partialRecord(z.enum(staffRoles), groups).default({}),
        reviewers: z.record(stepId, groups).default({}),
        permissions: z.partialRecord(z.enum(PERMISSIONS), groups).default({}),
      })
      .strict(),
    /** The police's IdP: officers of a police area listed in municipality.yaml act for this municipality. */
    police: z
      .object({
        ...issuerShape,
        roles: z.object({ 'police-officer': groups }).strict(),
        policeAreaClaim: claimName,
      })
      .strict()
      .optional(),
  })
  .strict();

export type MunicipalityIdentity = z.output<typeof identitySchema>;

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Expands `${VAR}` and `${VAR:-default}` in every string of a parsed YAML document from `env` (an empty or unset
 * variable takes the default). A `${VAR}` without default whose variable is unset is a problem, named by its path.
 */
export function expandVariables(value: unknown, env: NodeJS.ProcessEnv, problems: string[], path: string[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(VARIABLE, (_match, name: string, fallback: string | undefined) => {
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (fallback !== undefined) return fallback;
      problems.push(`${path.join('.') || '(root)'}: \${${name}} is not set and has no default`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => expandVariables(v, env, problems, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandVariables(v, env, problems, [...path, k])]));
  }
  return value;
}
