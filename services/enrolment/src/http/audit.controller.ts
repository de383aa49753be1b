import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { enrolment, type ResponseOf } from '@trygg/http-contracts';
import { parseInput } from '@trygg/service-kit';
import { ViewAuditRecords } from '../application/view-audit-records';

/**
 * `GET /audit`: enrolment's audit trail for an admin (every municipality) or a data-protection officer (their
 * municipality's records only, whatever the query says). Access is libs/auth's AccessGuard (the route contract).
 */
@Controller('audit')
export class AuditController {
  constructor(private readonly view: ViewAuditRecords) {}

  @Get()
  async records(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<ResponseOf<typeof enrolment.auditRecords, 200>> {
    const { subject, actor, before, limit } = parseInput(enrolment.auditQuery, query);
    const records = await this.view.execute(
      { admin: principal.roles.includes('admin'), municipalityId: principal.municipalityId },
      { subjectId: subject, actorSubject: actor, before, limit: limit ?? 100 },
    );
    return {
      records: records.map((r) => ({
        seq: r._id,
        at: r.at.toISOString(),
        actor: { subject: r.actor.subject, name: r.actor.name, role: r.actor.role, scope: r.actor.scope },
        action: r.action,
        subject: { kind: r.subject.kind, id: r.subject.id },
        municipalityId: r.municipalityId ?? null,
        correlationId: r.correlationId,
        details: { ...(r.details ?? {}) },
        prevHash: r.prevHash,
        hash: r.hash,
      })),
    };
  }
}
