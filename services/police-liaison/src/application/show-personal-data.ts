import type { PoliceLiaisonPersonalData } from '@trygg/http-contracts';
import type { CaseStore } from './ports';

/**
 * "Mina uppgifter" (GDPR Art. 15): the person's police-approval cases — step, attempt, status, when opened, the subject
 * fields the case holds — and each decision's outcome and time. The officer's reason and identity are internal notes
 * and are left out.
 */
export class ShowPersonalData {
  constructor(private readonly cases: Pick<CaseStore, 'ofPerson'>) {}

  async execute(municipalityId: string, personId: string): Promise<PoliceLiaisonPersonalData> {
    const cases = await this.cases.ofPerson(municipalityId, personId);
    return {
      cases: cases
        .sort((a, b) => a.openedAt.localeCompare(b.openedAt))
        .map((c) => ({
          id: c.id,
          stepType: c.stepType,
          attempt: c.attempt,
          status: c.status,
          openedAt: c.openedAt,
          subjectFields: { ...c.subjectFields },
          decision: c.decision ? { outcome: c.decision.outcome, decidedAt: c.decision.decidedAt } : null,
        })),
    };
  }
}
