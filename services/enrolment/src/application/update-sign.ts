import { updateSign } from '../domain/sign';
import { NotFound } from './errors';
import { signView, type SignView } from './group-views';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import type { AuditEntry, GroupRepository } from './ports';

/** The coordinator edits a sign, or marks a damaged or missing one replaced (`condition: ok`), audited. */
export class UpdateSign {
  constructor(
    private readonly groups: GroupRepository,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(m: string, groupId: string, signId: string, change: { place?: string | undefined; putUpAt?: string | null | undefined; condition?: 'ok' | undefined }, staff: StaffMember): Promise<SignView> {
    const now = this.clock();
    const updated = await this.groups.update(m, groupId, (current) => ({ next: updateSign(current, signId, change, now, staff.name), events: [] }));
    const sign = updated?.signs[signId];
    if (!sign) throw new NotFound('group');
    await this.audit.record({ municipalityId: m, actor: staffActor(staff, m), action: change.condition === 'ok' ? 'sign-replaced' : 'sign-edited', subject: { kind: 'group', id: groupId }, details: { signId } });
    return signView(sign);
  }
}
