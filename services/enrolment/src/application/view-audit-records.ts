import type { AuditRecord } from '@trygg/audit';

/** Who asks for audit records: an admin (every municipality) or a municipality's data-protection officer (theirs). */
export interface AuditViewer {
  readonly admin: boolean;
  /** The municipality of a data-protection officer (required unless `admin`). */
  readonly municipalityId?: string | undefined;
}

export interface AuditRecordQuery {
  readonly subjectId?: string | undefined;
  readonly actorSubject?: string | undefined;
  readonly before?: number | undefined;
  readonly limit: number;
}

/** Reads the audit trail (the adapter: libs/audit's AuditTrail.find), newest first. */
export interface AuditRecords {
  find(query: AuditRecordQuery & { municipalityId?: string | undefined }): Promise<AuditRecord[]>;
}

/** A viewer who is neither admin nor a data-protection officer of a municipality (the access guard lets no such caller in). */
export class NoAuditScope extends Error {}

/**
 * The audit trail for an admin or the municipality's data-protection officer, by subject id or actor: a DPO's query
 * is always limited to their municipality, so another municipality's records never reach them.
 */
export class ViewAuditRecords {
  constructor(private readonly records: AuditRecords) {}

  execute(viewer: AuditViewer, query: AuditRecordQuery): Promise<AuditRecord[]> {
    if (viewer.admin) return this.records.find(query);
    if (!viewer.municipalityId) throw new NoAuditScope('a data-protection officer without a municipality');
    return this.records.find({ ...query, municipalityId: viewer.municipalityId });
  }
}
