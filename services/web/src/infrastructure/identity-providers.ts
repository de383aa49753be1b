import { join } from 'node:path';
import { defaultMunicipalitiesDir, loadMunicipalities, MunicipalityDataError } from '@trygg/municipalities';
import { type IdentityProviderEntry, POLICE_ORGANISATION } from '../domain/staff-session';

/** The identity providers the web signs people in at: each municipality's staff IdP (by municipality id) and the police's (`polisen`). */
export type IdentityProviders = ReadonlyMap<string, IdentityProviderEntry>;

/**
 * The `staff` and `police` entries of every `municipalities/<id>/identity.yaml`, as libs/municipalities loads and
 * validates them (the same files and rules every service's token check uses). The web needs both for each
 * municipality, and one police IdP: the police entry must name the same issuer and client wherever it appears.
 */
export function loadIdentityProviders(dir: string = defaultMunicipalitiesDir(), env: NodeJS.ProcessEnv = process.env): Map<string, IdentityProviderEntry> {
  const problems: string[] = [];
  const result = new Map<string, IdentityProviderEntry>();
  for (const [id, municipality] of [...loadMunicipalities(dir, env)].sort(([a], [b]) => a.localeCompare(b))) {
    const file = join(dir, id, 'identity.yaml');
    const identity = municipality.identity;
    if (!identity?.police) {
      problems.push(`${file}: ${identity ? 'police: missing (the police IdP officers of this municipality sign in at)' : 'missing (who signs in for this municipality)'}`);
      continue;
    }
    result.set(id, identity.staff);
    const police = result.get(POLICE_ORGANISATION);
    if (!police) result.set(POLICE_ORGANISATION, identity.police);
    else if (police.issuer !== identity.police.issuer || police.clientId !== identity.police.clientId)
      problems.push(`${file}: police: another issuer or client than the other municipalities' (${police.issuer}); the web signs officers in at one police IdP`);
  }
  if (problems.length) throw new MunicipalityDataError(problems);
  return result;
}
