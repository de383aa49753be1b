export * from './municipality';
export { identitySchema, type MunicipalityIdentity } from './identity';
