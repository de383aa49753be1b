/**
 * The audit trail's collection in the volunteers database (`npm run audit:verify -- volunteers`): every staff decision
 * on a walker (so far: the erasure), in libs/audit's AuditTrailLog (walkers.module.ts), read by `GET /audit`.
 */
export const AUDIT_COLLECTION = 'audit_trail';
