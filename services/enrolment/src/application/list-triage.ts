import { type AuditLog } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import { addressView, personView } from './group-views';
import type { AuditEntry, RegistrationRepository } from './ports';

/**
 * The coordinator's triage list: confirmed registrations no area rule placed (a protected identity as "Skyddad
 * person" unless the coordinator holds the permission). Viewing the list is audited.
 */
export class ListTriage {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly audit: AuditLog<AuditEntry>,
  ) {}

  async execute(m: string, staff: StaffMember) {
    const items = await this.registrations.listTriage(m);
    await this.audit.record({ municipalityId: m, actor: staffActor(staff, m), action: 'triage-viewed', subject: { kind: 'municipality', id: m }, details: { rows: items.length } });
    return {
      items: items.map((r) => ({
        registrationId: r.id,
        ...personView(r, staff),
        address: addressView(r, staff),
        intent: r.intent,
        submittedAt: r.submittedAt.toISOString(),
        confirmedAt: r.confirmedAt?.toISOString() ?? null,
      })),
    };
  }
}
