import { personView } from './group-views';
import type { RegistrationRepository } from './ports';

/** The coordinator's triage list: confirmed registrations no area rule placed (protected identities without details). */
export class ListTriage {
  constructor(private readonly registrations: RegistrationRepository) {}

  async execute(m: string) {
    const items = await this.registrations.listTriage(m);
    return {
      items: items.map((r) => ({
        registrationId: r.id,
        ...personView(r),
        address: r.address,
        intent: r.intent,
        submittedAt: r.submittedAt.toISOString(),
        confirmedAt: r.confirmedAt?.toISOString() ?? null,
      })),
    };
  }
}
