import type { AuditActor } from '@trygg/audit';
import type { Principal } from '@trygg/auth';

/**
 * The signed-in coordinator: their municipality (the one whose IdP issued the token — every query is scoped by it,
 * so another municipality's instance is a 404) and who they are for the audit trail and the engine.
 */
export function coordinatorOf(principal: Principal): { municipalityId: string; by: AuditActor } {
  if (!principal.municipalityId) throw new Error('a coordinator principal without a municipality');
  return { municipalityId: principal.municipalityId, by: { subject: principal.subject, name: principal.name, role: 'coordinator', scope: principal.municipalityId } };
}
