export {
  AuditAppendContention,
  type AuditActor,
  type AuditDetails,
  type AuditEntry,
  type AuditQuery,
  type AuditRecord,
  AuditTrail,
  AuditTrailLog,
  type AuditTrailOptions,
  type AuditVerification,
  MAX_PAGE,
} from './audit-trail';
export { canonicalJson, GENESIS_HASH, recordHash } from './canonical';
