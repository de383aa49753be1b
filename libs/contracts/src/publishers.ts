import { eventContracts, type KnownEventType } from './registry';
import { ActivityCheckRequestedV1, ContactPersonNominatedV1, GroupActivatedV1, GroupStatusChangedV1, MemberJoinedV1, MemberLeftV1, RegistrationConfirmedV1, RegistrationSubmittedV1, ResidentDetailsChangedV1, ResidentErasedV1, EmailChangeRequestedV1, ProtectedIdentityChangedV1 } from './events/enrolment';
import { ContactReachabilityChangedV1 } from './events/notifications';
import {
  OnboardingCompletedV1,
  OnboardingMigratedV1,
  OnboardingStalledV1,
  OnboardingStartedV1,
  OnboardingStepCompletedV1,
  OnboardingStepRequestedV1,
} from './events/onboarding';
import { PoliceDecisionRecordedV1 } from './events/police';
import { PoliceApprovalOverdueV1 } from './events/police-approval-overdue';
import { PoliceObservationAnsweredV1, PoliceObservationReceivedV1 } from './events/observations';
import { PoliceAreaMessageRequestedV1 } from './events/area-messages';
import { PoliceStartMeetingAttendedV1, PoliceStartMeetingChangedV1, PoliceStartMeetingScheduledV1 } from './events/start-meetings';
import { VolunteerContactDetailsRecordedV1, VolunteerErasedV1, VolunteerSignedUpV1, VolunteerSignUpReceivedV1 } from './events/volunteers';
import { VolunteerRegisteredV1 } from './events/volunteer-registered';
import { WalkCancelledV1, WalkInvitationDueV1, WalkReminderDueV1, WalkScheduledV1, WalkUnderstaffedV1 } from './events/walks';
import { FindingAssignedV1, FindingRecordedV1, FindingStatusChangedV1, RoundParticipantInvitedV1 } from './events/safety-rounds';
import { WalkReportedV1 } from './events/walk-reports';

/**
 * Which service publishes which events: the one declaration behind the broker's write ACLs (docs/kafka-acls.md,
 * `npm run kafka:acls`) and the `producer` header. A service's publisher (libs/messaging, set up by service-kit)
 * stamps every event with `producer: <service>` and refuses to send a type not listed here for it, as the broker's
 * ACL would in a real deployment. Topic = event type; every event has at least one publisher (checked by
 * publishers.spec.ts).
 *
 * `onboarding.step-completed.v1` is the one topic with several writers: onboarding (staff and subject answers over
 * HTTP, automatic steps), enrolment (email verification), police-liaison (police approval) and the plug-ins
 * (bra-review). Onboarding accepts an answer only from the producer allowed for its step and actor kind (services/
 * onboarding README, *Who may answer*) — see docs/kafka-acls.md for what the header is worth on a shared topic.
 */
export const publishers = {
  enrolment: [
    RegistrationSubmittedV1.type,
    RegistrationConfirmedV1.type,
    MemberJoinedV1.type,
    MemberLeftV1.type,
    ContactPersonNominatedV1.type,
    GroupActivatedV1.type,
    GroupStatusChangedV1.type,
    ResidentDetailsChangedV1.type,
    EmailChangeRequestedV1.type,
    ProtectedIdentityChangedV1.type,
    ResidentErasedV1.type,
    ActivityCheckRequestedV1.type,
    OnboardingStepCompletedV1.type,
  ],
  volunteers: [
    VolunteerSignUpReceivedV1.type,
    VolunteerSignedUpV1.type,
    VolunteerContactDetailsRecordedV1.type,
    VolunteerErasedV1.type,
    VolunteerRegisteredV1.type,
    WalkScheduledV1.type,
    WalkUnderstaffedV1.type,
    WalkCancelledV1.type,
    WalkReminderDueV1.type,
    WalkInvitationDueV1.type,
    FindingRecordedV1.type,
    FindingStatusChangedV1.type,
    RoundParticipantInvitedV1.type,
    FindingAssignedV1.type,
    WalkReportedV1.type,
  ],
  onboarding: [
    OnboardingStartedV1.type,
    OnboardingStepRequestedV1.type,
    OnboardingStepCompletedV1.type,
    OnboardingStalledV1.type,
    OnboardingCompletedV1.type,
    OnboardingMigratedV1.type,
  ],
  'police-liaison': [
    OnboardingStepCompletedV1.type,
    PoliceDecisionRecordedV1.type,
    PoliceApprovalOverdueV1.type,
    PoliceObservationReceivedV1.type,
    PoliceObservationAnsweredV1.type,
    PoliceAreaMessageRequestedV1.type,
    PoliceStartMeetingScheduledV1.type,
    PoliceStartMeetingChangedV1.type,
    PoliceStartMeetingAttendedV1.type,
  ],
  'bra-review': [OnboardingStepCompletedV1.type],
  notifications: [ContactReachabilityChangedV1.type],
} as const satisfies Record<string, readonly KnownEventType[]>;

/** The event types (= topics) a service publishes; none for a service that publishes nothing (web). */
export function publishedBy(service: string): readonly string[] {
  return (publishers as Record<string, readonly string[]>)[service] ?? [];
}

/** The services that publish an event type. */
export function publishersOf(type: string): string[] {
  return Object.entries(publishers)
    .filter(([, types]) => (types as readonly string[]).includes(type))
    .map(([service]) => service);
}

/** Event types no service publishes (should be none: publishers.spec.ts). */
export function unpublishedTypes(): string[] {
  return eventContracts.map((c) => c.type).filter((type) => publishersOf(type).length === 0);
}
