export * from './municipality';
export { identitySchema, type MunicipalityIdentity } from './identity';
export { loadVolunteerOrganisations, type VolunteerOrganisations, type WalkerOrganisation } from './volunteers';
