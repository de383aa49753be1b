import { addSign } from '../domain/sign';
import { NotFound } from './errors';
import { signView, type SignView } from './group-views';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { type StaffMember, staffActor } from './audit-actors';
import type { AuditEntry, GroupRepository, IdGenerator } from './ports';

/** The coordinator records a sign put up by a group. Signs are only put up for active groups (409 signs_need_active_group otherwise). */
export class AddSign {
  constructor(
    private readonly groups: GroupRepository,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(m: string, groupId: string, sign: { place: string; putUpAt: string | null }, staff: StaffMember): Promise<SignView> {
    const id = this.newId();
    const now = this.clock();
    const updated = await this.groups.update(m, groupId, (current) => ({ next: addSign(current, { id, ...sign }, now, staff.name), events: [] }));
    const added = updated?.signs[id];
    if (!added) throw new NotFound('group');
    await this.audit.record({ municipalityId: m, actor: staffActor(staff, m), action: 'sign-added', subject: { kind: 'group', id: groupId }, details: { signId: id, place: sign.place } });
    return signView(added);
  }
}
