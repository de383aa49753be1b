import { loadVolunteerOrganisations } from '@trygg/municipalities';

/** A municipality's walker organisations as the pages show them (`municipalities/<id>/volunteers.yaml`). */
export interface WalkerOrganisations {
  /** The municipality's own walkers, chosen first on the sign-up form. */
  defaultOrganisation: string;
  organisations: ReadonlyArray<{ id: string; name: string }>;
}

/** Map<municipalityId, organisations>; a municipality without volunteers.yaml has none. */
export function loadWalkerOrganisations(dir?: string): Map<string, WalkerOrganisations> {
  const all = loadVolunteerOrganisations(dir);
  return new Map(
    [...all].map(([id, file]) => [id, { defaultOrganisation: file.defaultOrganisation, organisations: file.organisations.map((o) => ({ id: o.id, name: o.name })) }]),
  );
}
