import { type Clock, systemClock } from '@trygg/values';
import { type AnswerOutcome, answerChallenge } from '../domain/mobile-confirmation';
import type { RecipientStore, StaffViewAudit } from './ports';
import { personActor } from './request-mobile-code';

export interface ConfirmMobileCodeResult {
  outcome: AnswerOutcome;
  /** Wrong answers left before the code is void (0 unless `wrong`). */
  attemptsLeft: number;
}

/**
 * The person typed back the code: checked and counted in one conditional update of the recipient (several
 * instances, several tabs: each wrong answer counts once). Confirmations, and codes voided by wrong answers, are
 * audited. null: unknown person in that municipality.
 */
export class ConfirmMobileCode {
  constructor(
    private readonly recipients: RecipientStore,
    private readonly audit: StaffViewAudit,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, personId: string, code: string, correlationId: string): Promise<ConfirmMobileCodeResult | null> {
    const now = this.clock();
    const answer = await this.recipients.decideMobile(municipalityId, personId, (recipient) => {
      const decision = answerChallenge(recipient, code, now);
      return { set: decision.set, result: { outcome: decision.outcome, attemptsLeft: decision.attemptsLeft } };
    });
    if (!answer) return null;
    const action = answer.outcome === 'confirmed' ? 'mobile-confirmed' : answer.outcome === 'too-many-attempts' ? 'mobile-code-voided' : answer.outcome === 'wrong' ? 'mobile-code-wrong' : null;
    if (action) {
      await this.audit.record({
        actor: personActor(municipalityId, personId),
        action,
        subject: { kind: 'recipient', id: personId },
        municipalityId,
        correlationId,
        details: { attemptsLeft: answer.attemptsLeft },
      });
    }
    return answer;
  }
}
