import { type Clock, systemClock } from '@trygg/values';
import { applyOnboardingOutcome, type OnboardingOutcome } from '../domain/volunteer';
import type { VolunteerStore } from './ports';

/** onboarding.completed.v1 for a volunteer subject: the walker becomes active, rejected or withdrawn. */
export class ApplyOnboardingOutcome {
  constructor(
    private readonly store: VolunteerStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(municipalityId: string, volunteerId: string, outcome: OnboardingOutcome, reason: string | null) {
    return this.store.change(municipalityId, volunteerId, (current) => {
      const next = applyOnboardingOutcome(current, outcome, reason, this.clock());
      return next === 'already-decided' ? 'unchanged' : { next, events: [] };
    });
  }
}
