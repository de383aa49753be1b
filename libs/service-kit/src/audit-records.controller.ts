import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { AuditActor, AuditQuery, AuditRecord } from '@trygg/audit';
import { CurrentPrincipal, type Principal, type Role } from '@trygg/auth';
import { auditQuery, type AuditRecordsRoute, type ResponseOf } from '@trygg/http-contracts';
import { parseInput } from './errors';

/** DI token of the service's audit trail as `GET /audit` reads it (libs/audit's AuditTrail, or anything with its `find`). */
export const AUDIT_RECORDS = Symbol('AUDIT_RECORDS');

/** Reads a service's audit trail, newest first (`municipalityId` set: that municipality's records only). */
export interface AuditRecordSource {
  find(query: AuditQuery): Promise<AuditRecord[]>;
}

type AuditRecordsAnswer = ResponseOf<AuditRecordsRoute, 200>;

/**
 * `GET /audit` of every service that keeps an audit trail (the contract: libs/http-contracts' `auditRecordsRoute`):
 * by subject id or actor, newest first. An admin sees every municipality's records; anyone else the guard let in (a
 * data-protection officer) only their own municipality's, whatever the query says. List it in the module that
 * provides `AUDIT_RECORDS`.
 */
@Controller('audit')
export class AuditRecordsController {
  constructor(@Inject(AUDIT_RECORDS) private readonly trail: AuditRecordSource) {}

  @Get()
  async records(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<AuditRecordsAnswer> {
    const { subject, actor, before, limit } = parseInput(auditQuery, query);
    const municipalityId = principal.roles.includes('admin') ? undefined : ownMunicipality(principal);
    const records = await this.trail.find({
      limit,
      ...(municipalityId !== undefined ? { municipalityId } : {}),
      ...(subject !== undefined ? { subjectId: subject } : {}),
      ...(actor !== undefined ? { actorSubject: actor } : {}),
      ...(before !== undefined ? { before } : {}),
    });
    return { records: records.map(toJson) };
  }
}

/** A data-protection officer's municipality (the one whose IdP issued the token); none: refuse rather than show all. */
function ownMunicipality(principal: Principal): string {
  if (!principal.municipalityId) throw new Error('a data-protection officer without a municipality');
  return principal.municipalityId;
}

function toJson(record: AuditRecord): AuditRecordsAnswer['records'][number] {
  const { _id, at, details, ...rest } = record;
  return { seq: _id, at: at.toISOString(), ...rest, ...(details !== undefined ? { details: { ...details } } : {}) };
}

/** The signed-in principal as the actor of an audit record: who (`issuer#sub`), in which role, where (`scope`). */
export function principalActor(principal: Principal, role: Role, scope: string): AuditActor {
  return { subject: principal.subject, name: principal.name, role, scope };
}
