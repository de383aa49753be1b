import { eventContracts, type KnownEventType } from './registry';
import { ContactPersonNominatedV1, GroupActivatedV1, GroupStatusChangedV1, MemberJoinedV1, MemberLeftV1, ProtectedIdentityChangedV1, ResidentErasedV1 } from './events/enrolment';
import { ContactReachabilityChangedV1 } from './events/notifications';
import { OnboardingCompletedV1, OnboardingStepCompletedV1, OnboardingStepRequestedV1 } from './events/onboarding';
import { PoliceDecisionRecordedV1 } from './events/police';
import { VolunteerErasedV1, VolunteerSignedUpV1 } from './events/volunteers';

/**
 * Which service consumes which events: the other half of the registry. A service's event transport refuses to start
 * when its `@EventPattern` handlers and this list differ (a handler for a topic it does not subscribe to, or a
 * subscribed topic without a handler), so the list is the truth about who listens to what (docs/events.md).
 *
 * Notifications subscribes to every event: each one either has a default rule or a written reason for none
 * (services/notifications/defaults/no-rule.yaml), and a municipality may add a rule to any of them as data.
 */
export const subscriptions = {
  // police.decision-recorded.v1: only `revoked` (an approved contact person is deactivated); other outcomes reach enrolment as onboarding.completed.v1.
  enrolment: [ContactReachabilityChangedV1.type, OnboardingCompletedV1.type, OnboardingStepRequestedV1.type, PoliceDecisionRecordedV1.type],
  onboarding: [
    ContactPersonNominatedV1.type,
    MemberJoinedV1.type,
    VolunteerSignedUpV1.type,
    OnboardingStepCompletedV1.type,
    OnboardingStepRequestedV1.type,
    ResidentErasedV1.type,
    VolunteerErasedV1.type,
    ProtectedIdentityChangedV1.type,
  ],
  notifications: eventContracts.map((c) => c.type),
  // onboarding.step-requested.v1: only a walker's, for the step they wait at on the coordinator's list.
  volunteers: [OnboardingCompletedV1.type, OnboardingStepRequestedV1.type],
  // The group events and onboarding.completed.v1 / police.decision-recorded.v1 (revoked): the officer's overview's own projection of the groups (issue 14).
  'police-liaison': [
    ContactPersonNominatedV1.type,
    MemberJoinedV1.type,
    MemberLeftV1.type,
    GroupActivatedV1.type,
    GroupStatusChangedV1.type,
    OnboardingCompletedV1.type,
    PoliceDecisionRecordedV1.type,
    OnboardingStepRequestedV1.type,
    ResidentErasedV1.type,
    VolunteerErasedV1.type,
    ProtectedIdentityChangedV1.type,
  ],
  'bra-review': [OnboardingStepRequestedV1.type, ResidentErasedV1.type, VolunteerErasedV1.type, ProtectedIdentityChangedV1.type],
} as const satisfies Record<string, readonly KnownEventType[]>;

export type SubscribingService = keyof typeof subscriptions;

/** The event types (= topics) a service consumes; none for a service that consumes nothing (web). */
export function subscriptionsOf(service: string): readonly string[] {
  return (subscriptions as Record<string, readonly string[]>)[service] ?? [];
}

/** The services that consume an event type. */
export function subscribersOf(type: string): string[] {
  return Object.entries(subscriptions)
    .filter(([, types]) => (types as readonly string[]).includes(type))
    .map(([service]) => service);
}
