import { type ActivityAnswer, answerCheck } from '../domain/activity-check';
import { resolveActivityCheckLink } from './activity-check-link';
import { type AuditLog, type Clock, systemClock } from '@trygg/values';
import { residentActor } from './audit-actors';
import type { AuditEntry, GroupRepository, LinkTokenStore } from './ports';

/** The contact person's one-click answer to the yearly "still active?" check (token kind activity-check; valid 30 days; single use). */
export class AnswerActivityCheck {
  constructor(
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly audit: AuditLog<AuditEntry>,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, raw: string, answer: ActivityAnswer): Promise<{ status: 'recorded'; answer: ActivityAnswer; group: { id: string; name: string } }> {
    const { hash, token, group } = await resolveActivityCheckLink(municipalityId, raw, { groups: this.groups, tokens: this.tokens, clock: this.clock });
    const now = this.clock();
    const actor = `resident:${token.personId}`;
    await this.groups.update(municipalityId, group.id, (current) => {
      const result = answerCheck(current, token.checkId ?? '', answer, now, actor);
      return result.changed ? { next: result.group, events: [] } : null;
    });
    await this.tokens.markUsed(hash, now);
    await this.audit.record({ municipalityId, actor: residentActor(token.personId, municipalityId), action: 'activity-check-answered', subject: { kind: 'group', id: group.id }, details: { answer } });
    return { status: 'recorded', answer, group: { id: group.id, name: group.name } };
  }
}
