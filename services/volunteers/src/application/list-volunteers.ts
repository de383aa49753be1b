import type { volunteers as contracts } from '@trygg/http-contracts';
import { onboardingStepRequested, type OnboardingStep } from '../domain/volunteer';
import type { ErasureAudit, StaffActor, VolunteerStore, WalkRules } from './ports';

type VolunteerListItem = contracts.VolunteerListItem;

/** At most this many walkers on the coordinator's list (a municipality has tens to a few hundred). */
export const VOLUNTEER_LIST_LIMIT = 1000;

/**
 * The coordinator's list of the municipality's walkers (their own municipality, from the token): everyone who
 * confirmed their sign-up, with organisation (the municipality's default when they named none), status, the
 * onboarding step they wait at, languages and availability — no contact details. Every view is audited.
 */
export class ListVolunteers {
  constructor(
    private readonly store: Pick<VolunteerStore, 'listSignedUp'>,
    private readonly rules: Pick<WalkRules, 'defaultOrganisation'>,
    private readonly audit: ErasureAudit,
  ) {}

  async execute(actor: StaffActor, correlationId: string): Promise<{ volunteers: VolunteerListItem[]; truncated: boolean }> {
    const municipalityId = actor.scope;
    const found = await this.store.listSignedUp(municipalityId, VOLUNTEER_LIST_LIMIT + 1);
    const shown = found.slice(0, VOLUNTEER_LIST_LIMIT);
    const fallback = this.rules.defaultOrganisation(municipalityId) ?? null;
    const volunteers = shown.map((v) => ({
      volunteerId: v.id,
      name: v.name,
      organisationId: v.organisationId ?? fallback,
      status: v.status as VolunteerListItem['status'],
      spokenLanguages: v.spokenLanguages ?? [],
      otherLanguages: v.otherLanguages ?? null,
      availability: v.availability ?? [],
      signedUpAt: v.signedUpAt,
      decidedAt: v.decidedAt,
      onboardingStep:
        v.status === 'onboarding' && v.onboardingStep
          ? { stepId: v.onboardingStep.stepId, stepType: v.onboardingStep.stepType, attempt: v.onboardingStep.attempt, since: v.onboardingStep.requestedAt }
          : null,
    }));
    await this.audit.record({ municipalityId, actor, action: 'volunteers-viewed', subject: { kind: 'municipality', id: municipalityId }, correlationId, details: { rows: volunteers.length } });
    return { volunteers, truncated: found.length > VOLUNTEER_LIST_LIMIT };
  }
}

/** onboarding.step-requested.v1 for a walker: the step they now wait at (for the coordinator's list). */
export class RecordOnboardingStep {
  constructor(private readonly store: Pick<VolunteerStore, 'change'>) {}

  execute(municipalityId: string, volunteerId: string, step: OnboardingStep) {
    return this.store.change(municipalityId, volunteerId, (current) => {
      const next = onboardingStepRequested(current, step);
      return next === 'unchanged' ? 'unchanged' : { next, events: [] };
    });
  }
}
