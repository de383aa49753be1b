import { ActivityCheckRequestedV1, createEvent } from '@trygg/contracts';
import { type ActivityAnswer, answerCheck, applyCheckStep, nextCheckStep } from '../domain/activity-check';
import { checkToken, hashToken, looksLikeToken } from '../domain/link-token';
import { LinkRejected } from './errors';
import type { AuditLog, Clock, GroupRepository, IdGenerator, LinkTokenStore, MunicipalityCatalogue } from './ports';

/**
 * The yearly "still active?" round, run by the housekeeping timer: start a check for each active group that is due,
 * remind after the configured days, and flag the group to the coordinator when the reminders went unanswered.
 */
export class RunActivityChecks {
  constructor(
    private readonly groups: GroupRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly audit: AuditLog,
    private readonly newId: IdGenerator,
    private readonly clock: Clock = () => new Date(),
  ) {}

  async runOnce(): Promise<number> {
    let steps = 0;
    for (const m of this.municipalities.municipalityIds()) {
      const rules = this.municipalities.activityCheck(m);
      for (const group of await this.groups.list(m, { status: 'active' })) {
        const now = this.clock();
        if (nextCheckStep(group, rules, now).kind === 'none') continue;
        let flagged = false;
        await this.groups.update(m, group.id, (current) => {
          flagged = false; // decided anew on each run: a lost race runs this again on the latest state
          const step = nextCheckStep(current, rules, now);
          if (step.kind === 'none' || current.contactPersonId === null) return null;
          const next = applyCheckStep(current, step, now, this.newId);
          flagged = step.kind === 'flag';
          const check = next.activityCheck;
          const events =
            (step.kind === 'start' || step.kind === 'remind') && check
              ? [
                  createEvent(
                    ActivityCheckRequestedV1,
                    { municipalityId: m, correlationId: `activity-check-${check.checkId}` },
                    { groupId: current.id, checkId: check.checkId, contactPersonId: current.contactPersonId, groupName: current.name, reminder: check.remindersSent },
                    now,
                  ),
                ]
              : [];
          return { next, events };
        });
        if (flagged) {
          await this.audit.record({ municipalityId: m, at: now, actor: 'system', action: 'activity-check-unanswered', subject: { kind: 'group', id: group.id }, details: {} });
        }
        steps++;
      }
    }
    return steps;
  }
}

/** The contact person's one-click answer (token kind activity-check; valid 30 days; single use). */
export class AnswerActivityCheck {
  constructor(
    private readonly groups: GroupRepository,
    private readonly tokens: LinkTokenStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock = () => new Date(),
  ) {}

  /** What the answer page shows before the click is confirmed. */
  async describe(municipalityId: string, raw: string): Promise<{ group: { id: string; name: string }; answered: boolean }> {
    const { group } = await this.resolve(municipalityId, raw);
    return { group: { id: group.id, name: group.name }, answered: group.activityCheck?.answeredAt != null };
  }

  async answer(municipalityId: string, raw: string, answer: ActivityAnswer): Promise<{ status: 'recorded'; answer: ActivityAnswer; group: { id: string; name: string } }> {
    const { hash, token, group } = await this.resolve(municipalityId, raw);
    const now = this.clock();
    const actor = `resident:${token.personId}`;
    await this.groups.update(municipalityId, group.id, (current) => {
      const result = answerCheck(current, token.checkId ?? '', answer, now, actor);
      return result.changed ? { next: result.group, events: [] } : null;
    });
    await this.tokens.markUsed(hash, now);
    await this.audit.record({ municipalityId, at: now, actor, action: 'activity-check-answered', subject: { kind: 'group', id: group.id }, details: { answer } });
    return { status: 'recorded', answer, group: { id: group.id, name: group.name } };
  }

  private async resolve(municipalityId: string, raw: string) {
    if (!looksLikeToken(raw)) throw new LinkRejected('token_invalid');
    const hash = hashToken(raw);
    const token = await this.tokens.findByHash(hash);
    if (!token || token.kind !== 'activity-check' || token.municipalityId !== municipalityId || !token.groupId) throw new LinkRejected('token_invalid');
    const check = checkToken(token, this.clock());
    if (check !== 'ok') throw new LinkRejected(check);
    const group = await this.groups.findById(municipalityId, token.groupId);
    if (!group || group.activityCheck?.checkId !== token.checkId) throw new LinkRejected('token_invalid');
    return { hash, token, group };
  }
}
