import { anonymise } from '../domain/registration';
import { type Clock, systemClock } from '@trygg/values';
import type { MunicipalityCatalogue, RegistrationRepository } from './ports';

/**
 * Retention: registrations erased under a `keep-days` rule are anonymised when their time is up. Runs on a timer
 * (a timer, not a TTL index: anonymising changes the document and tells other services; see docs/decisions/0003).
 */
export class AnonymiseDueRegistrations {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly municipalities: MunicipalityCatalogue,
    private readonly clock: Clock = systemClock,
  ) {}

  async runOnce(): Promise<number> {
    const now = this.clock();
    let count = 0;
    for (const m of this.municipalities.municipalityIds()) {
      for (const due of await this.registrations.listDueForAnonymisation(m, now)) {
        await this.registrations.update(m, due.id, (current) =>
          current.erasure && current.erasure.anonymisedAt === null ? { next: anonymise(current, now), events: [] } : null,
        );
        count++;
      }
    }
    return count;
  }
}
