export { sha256Hex } from './hash';
export { mobileCountry, mobileCountryAllowed, mobileNumberInput, type MobileInputOptions, normaliseMobile } from './mobile';
export { nameBasedUuid, nameBasedUuidSha256 } from './name-based-uuid';
export { type AuditLog, type Clock, systemClock } from './ports';
