import { z } from 'zod';
import { defineRoute } from './define-route';
import { invalid, isoDateTime, problem, unauthorised } from './common';

/**
 * One record of a service's hash-chained audit trail (libs/audit): ids, codes and counts only, never a name or an
 * address of a resident. `municipalityId` / `policeAreaId` are absent when the record is not tied to one.
 */
export const auditRecordSchema = z.object({
  seq: z.number().int(),
  at: isoDateTime,
  actor: z.object({ subject: z.string(), name: z.string(), role: z.string(), scope: z.string() }),
  action: z.string(),
  subject: z.object({ kind: z.string(), id: z.string() }),
  municipalityId: z.string().optional(),
  policeAreaId: z.string().optional(),
  correlationId: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditQuery = z.strictObject({
  subject: z.string().trim().min(1).max(300).optional().describe('only records about this subject id (a registration, group, instance, case, list, …)'),
  actor: z.string().trim().min(1).max(500).optional().describe('only records of this actor subject (`issuer#sub`, `person:<id>`, `system:<service>`)'),
  before: z.coerce.number().int().min(1).optional().describe('only records older than this sequence number (the next page: the last `seq` seen)'),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('at most this many (default 100)'),
});

/**
 * `GET /audit` of a service: its audit trail, newest first, by subject id or actor — every municipality's records for
 * an admin, a data-protection officer's own municipality's only (libs/service-kit's AuditRecordsController serves it).
 */
export function auditRecordsRoute<const S extends string>(service: S) {
  return defineRoute({
    service,
    operationId: 'auditRecords',
    method: 'get',
    path: '/audit',
    summary: `${service}'s audit trail, newest first, by subject id or actor: a data-protection officer their municipality's records, an admin all`,
    access: { kind: 'signed-in', roles: ['admin', 'data-protection-officer'], scope: 'resource' },
    query: auditQuery,
    responses: {
      200: { description: 'the records in the caller\'s scope', schema: z.object({ records: z.array(auditRecordSchema) }) },
      400: invalid,
      401: unauthorised,
      403: problem('forbidden: needs the role admin or data-protection-officer'),
    },
  });
}

/** The route (the same in every service that serves it; for the types of its handler and clients). */
export type AuditRecordsRoute = ReturnType<typeof auditRecordsRoute>;
