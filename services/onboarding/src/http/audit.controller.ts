import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { AuditRecord } from '@trygg/audit';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { onboarding, type ResponseOf } from '@trygg/http-contracts';
import { parseInput } from '@trygg/service-kit';
import { AUDIT_LOG, type AuditLog } from '../application/ports';

type AuditRecordJson = ResponseOf<typeof onboarding.listAudit, 200>['records'][number];

/**
 * The audit trail of onboarding's decisions, newest first, filtered by subject (an instance id) or actor. An admin
 * sees every municipality's records; a data-protection officer only their own municipality's (whatever they ask).
 */
@Controller('audit')
export class AuditController {
  constructor(@Inject(AUDIT_LOG) private readonly audit: AuditLog) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<ResponseOf<typeof onboarding.listAudit, 200>> {
    const { subject, actor, limit, before } = parseInput(onboarding.listAudit.query, query);
    const municipalityId = principal.roles.includes('admin') ? undefined : ownMunicipality(principal);
    const records = await this.audit.find({
      limit,
      ...(municipalityId !== undefined ? { municipalityId } : {}),
      ...(subject !== undefined ? { subjectId: subject } : {}),
      ...(actor !== undefined ? { actorSubject: actor } : {}),
      ...(before !== undefined ? { before } : {}),
    });
    return { records: records.map(toJson) };
  }
}

/** A data-protection officer's municipality (the one whose IdP issued the token). */
function ownMunicipality(principal: Principal): string {
  if (!principal.municipalityId) throw new Error('a data-protection officer without a municipality');
  return principal.municipalityId;
}

function toJson(record: AuditRecord): AuditRecordJson {
  const { _id, at, ...rest } = record;
  return { seq: _id, at: at.toISOString(), ...rest };
}
