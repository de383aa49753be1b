import type { AuditEntry, AuditQuery, AuditRecord } from '@trygg/audit';

/**
 * A service's audit trail in memory, for unit tests: `record` (the services' audit port) keeps the entries in order,
 * `find` answers as libs/audit's AuditTrail does (newest first, by municipality, subject id, actor; no hashes), so
 * `GET /audit` (libs/service-kit's AuditRecordsController, token `AUDIT_RECORDS`) can read what a test wrote.
 */
export class InMemoryAuditTrail {
  readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }

  async find(query: AuditQuery): Promise<AuditRecord[]> {
    return this.entries
      .map((e, i): AuditRecord => ({ ...e, _id: i + 1, prevHash: '', hash: '', at: new Date(0) }))
      .filter(
        (r) =>
          (query.municipalityId === undefined || r.municipalityId === query.municipalityId) &&
          (query.subjectId === undefined || r.subject.id === query.subjectId) &&
          (query.actorSubject === undefined || r.actor.subject === query.actorSubject) &&
          (query.before === undefined || r._id < query.before),
      )
      .reverse()
      .slice(0, query.limit);
  }
}

/**
 * The two rows of the access matrix `GET /audit` (libs/http-contracts' auditRecordsRoute, scope `resource`) does not
 * pass, in every service that serves it: the route names no municipality, so "out of scope" is a data-protection
 * officer of another municipality reading their own municipality's records (200, never the in-scope one's:
 * libs/service-kit's audit-records.controller.spec.ts), and an admin reads every municipality's (platform operation).
 */
export const AUDIT_ROUTE_UNSCOPED_ROWS = [
  'GET /audit as data-protection-officer (out of scope): expected deny, got 200',
  'GET /audit as admin (out of scope): expected deny, got 200',
] as const;
