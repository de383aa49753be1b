import { recordEmailReachability } from '../domain/registration';
import type { RegistrationRepository } from './ports';

export interface EmailReachabilityFact {
  municipalityId: string;
  personId: string;
  working: boolean;
  changedAt: Date;
}

export type EmailReachabilityResult = 'recorded' | 'unchanged' | 'unknown-person';

/**
 * Stale contacts (`notifications.contact-reachability-changed.v1`): records on every registration of the person
 * whether their email address works, so the contact person and the coordinator see who cannot be reached. The
 * newest fact wins (late or repeated events change nothing). An unknown person is not an error: they may have been
 * erased since.
 */
export class RecordEmailReachability {
  constructor(private readonly registrations: RegistrationRepository) {}

  async execute(fact: EmailReachabilityFact): Promise<EmailReachabilityResult> {
    const registrations = await this.registrations.findByPerson(fact.municipalityId, fact.personId);
    if (registrations.length === 0) return 'unknown-person';
    let result: EmailReachabilityResult = 'unchanged';
    for (const registration of registrations) {
      await this.registrations.update(fact.municipalityId, registration.id, (current) => {
        const next = recordEmailReachability(current, { working: fact.working, changedAt: fact.changedAt });
        if (!next) return null;
        result = 'recorded';
        return { next, events: [] };
      });
    }
    return result;
  }
}
