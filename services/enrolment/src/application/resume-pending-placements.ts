import type { PlaceRegistration } from './place-registration';
import type { RegistrationRepository } from './ports';

/** Finishes placements a crashed process left half-done (confirmed, placement still pending). */
export class ResumePendingPlacements {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly placer: PlaceRegistration,
    private readonly municipalityIds: () => string[],
  ) {}

  async runOnce(): Promise<number> {
    let resumed = 0;
    for (const m of this.municipalityIds()) {
      for (const registration of await this.registrations.listPendingPlacement(m)) {
        await this.placer.place(registration, { kind: 'auto' }, { correlationId: `resume-${registration.id}` });
        resumed++;
      }
    }
    return resumed;
  }
}
