import { toCsv } from '../domain/csv';
import { loadGroupPage } from './group-views';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import type { AuditEntry, GroupRepository, MunicipalityCatalogue, RegistrationRepository } from './ports';

/**
 * The member list as Swedish Excel opens it (see domain/csv.ts), audited. A member with protected identity is a row
 * "Skyddad person" without details unless the coordinator holds the `protected-identity` permission.
 */
export class ExportMembers {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(m: string, groupId: string, staff: StaffMember): Promise<{ filename: string; csv: string }> {
    const page = await loadGroupPage({ registrations: this.registrations, groups: this.groups, municipalities: this.municipalities }, m, groupId, staff);
    const roles: Record<string, string> = { member: 'Medlem', 'contact-person': 'Kontaktombud', deputy: 'Ersättare' };
    const csv = toCsv(
      ['Namn', 'E-post', 'Mobil', 'Gatuadress', 'Postnummer', 'Ort', 'Roll', 'Gick med', 'E-post fungerar inte'],
      page.members.map((x) => [
        x.name,
        x.email,
        x.mobile,
        x.address ? `${x.address.street} ${x.address.number}`.trim() : null,
        x.address?.postcode ?? null,
        x.address?.city ?? null,
        roles[x.role] ?? x.role,
        x.joinedAt.slice(0, 10),
        x.emailNotWorkingSince ? 'ja' : null,
      ]),
    );
    await this.audit.record({ municipalityId: m, actor: staffActor(staff, m), action: 'members-exported', subject: { kind: 'group', id: groupId }, details: { rows: page.members.length } });
    const slug = page.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return { filename: `grupp-${slug || groupId}.csv`, csv };
  }
}
