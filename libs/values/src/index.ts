export { CSV_BOM, CSV_SEPARATOR, csvCell, neutraliseFormula, toCsv } from './csv';
export { sha256Hex } from './hash';
export { hashLinkToken, linkTokenState, type LinkTokenState, looksLikeLinkToken } from './link-token';
export { mobileCountry, mobileCountryAllowed, mobileNumberInput, type MobileInputOptions, normaliseMobile } from './mobile';
export { isAcceptableName, mailTextInput, mailTextProblem, NAME_MAX_LENGTH, type NameInputOptions, type NameProblem, nameProblem, personNameInput } from './name';
export { nameBasedUuid, nameBasedUuidSha256 } from './name-based-uuid';
export { redactContactDetails } from './redact';
export { type AuditLog, type Clock, systemClock } from './ports';
export { PROTECTED_IDENTITY_PERMISSION, PROTECTED_PERSON, type PersonFields, redactPerson, redactSubjectFields, seesProtectedIdentity } from './protected-identity';
