import type { EventContract } from './define-event';
import {
  ActivityCheckRequestedV1,
  ContactPersonNominatedV1,
  GroupActivatedV1,
  GroupStatusChangedV1,
  MemberJoinedV1,
  MemberLeftV1,
  RegistrationConfirmedV1,
  RegistrationSubmittedV1,
  ResidentDetailsChangedV1,
  EmailChangeRequestedV1,
  ProtectedIdentityChangedV1,
  ResidentErasedV1,
} from './events/enrolment';
import {
  OnboardingCompletedV1,
  OnboardingMigratedV1,
  OnboardingStalledV1,
  OnboardingStartedV1,
  OnboardingStepCompletedV1,
  OnboardingStepRequestedV1,
} from './events/onboarding';
import { ContactReachabilityChangedV1 } from './events/notifications';
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

/** Every event of the system, once. Topic name = event type. */
export const eventContracts = [
  // enrolment
  RegistrationSubmittedV1,
  RegistrationConfirmedV1,
  MemberJoinedV1,
  MemberLeftV1,
  ContactPersonNominatedV1,
  GroupActivatedV1,
  GroupStatusChangedV1,
  ResidentDetailsChangedV1,
  EmailChangeRequestedV1,
  ProtectedIdentityChangedV1,
  ResidentErasedV1,
  ActivityCheckRequestedV1,
  // volunteers
  VolunteerSignedUpV1,
  VolunteerContactDetailsRecordedV1,
  VolunteerErasedV1,
  VolunteerSignUpReceivedV1,
  VolunteerRegisteredV1,
  WalkScheduledV1,
  WalkUnderstaffedV1,
  WalkCancelledV1,
  WalkReminderDueV1,
  WalkInvitationDueV1,
  FindingRecordedV1,
  FindingStatusChangedV1,
  RoundParticipantInvitedV1,
  FindingAssignedV1,
  WalkReportedV1,
  // onboarding
  OnboardingStartedV1,
  OnboardingStepRequestedV1,
  OnboardingStepCompletedV1,
  OnboardingStalledV1,
  OnboardingCompletedV1,
  OnboardingMigratedV1,
  // police
  PoliceDecisionRecordedV1,
  PoliceApprovalOverdueV1,
  PoliceObservationReceivedV1,
  PoliceObservationAnsweredV1,
  PoliceStartMeetingScheduledV1,
  PoliceStartMeetingChangedV1,
  PoliceStartMeetingAttendedV1,
  PoliceAreaMessageRequestedV1,
  // notifications
  ContactReachabilityChangedV1,
] as const satisfies readonly EventContract[];

export type KnownEventType = (typeof eventContracts)[number]['type'];

const byType = new Map<string, EventContract>(eventContracts.map((c) => [c.type, c as EventContract]));

export function contractFor(type: string): EventContract | undefined {
  return byType.get(type);
}

export const DLQ_SUFFIX = '.dlq';

export function dlqTopicOf(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

/** The topics that carry personal data beyond ids (and their dead-letter topics): they get a bounded retention. */
export function personalDataTopics(): string[] {
  return eventContracts.filter((c) => c.containsPersonalData).flatMap((c) => [c.type, dlqTopicOf(c.type)]);
}

/** All topics the system needs: every event type and its dead-letter topic. */
export function allTopics(): string[] {
  return eventContracts.flatMap((c) => [c.type, dlqTopicOf(c.type)]);
}
