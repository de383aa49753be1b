import { reportSign, type SignCondition } from '../domain/sign';
import { FieldRejected } from './errors';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { residentActor } from './audit-actors';
import type { AuditEntry, GroupRepository, LinkTokenStore, RegistrationRepository } from './ports';
import { resolveSelfServiceLink } from './self-service-link';

/** A member reports one of their group's signs as damaged or missing; the coordinator's replacement list shows it. */
export class ReportSign {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(token: string, signId: string, report: { kind: 'damaged' | 'missing'; note: string | null }): Promise<{ condition: SignCondition }> {
    const subject = await resolveSelfServiceLink(token, { registrations: this.registrations, tokens: this.tokens, clock: this.clock });
    const group = (await this.groups.findByPerson(subject.municipalityId, subject.personId)).find((g) => g.signs[signId]);
    if (!group) throw new FieldRejected('signId', 'unknown_sign');
    const now = this.clock();
    await this.groups.update(subject.municipalityId, group.id, (current) => ({ next: reportSign(current, signId, report, now, `resident:${subject.personId}`), events: [] }));
    await this.audit.record({
      municipalityId: subject.municipalityId,
      actor: residentActor(subject.personId, subject.municipalityId),
      action: `sign-reported-${report.kind}`,
      subject: { kind: 'group', id: group.id },
      details: { signId },
    });
    return { condition: report.kind };
  }
}
