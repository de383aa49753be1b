import { z } from 'zod';
import { defineEvent } from '../define-event';
import { emailSchema, groupNameSchema, languageSchema, mobileSchema, personNameSchema, subjectFieldsSchema } from './common';

export { languageSchema } from './common';

/** A resident submitted the registration form. Nothing is confirmed yet. */
export const RegistrationSubmittedV1 = defineEvent({
  type: 'enrolment.registration-submitted.v1',
  description: 'A resident submitted a grannsamverkan registration; it awaits confirmation by email.',
  containsPersonalData: true,
  personalData:
    'name and email: notifications stores them as the recipient and sends the confirmation email. No other service needs them.',
  payload: z
    .object({
      registrationId: z.uuid(),
      personId: z.uuid(),
      name: personNameSchema,
      email: emailSchema,
      language: languageSchema,
      /** The person has protected identity (skyddad identitet): every view shows them as "Skyddad person" unless the viewer holds the `protected-identity` permission. Absent in older events: false. */
      protectedIdentity: z.boolean().default(false),
    })
    .strict(),
  keyOf: (p) => p.registrationId,
});

/**
 * The resident clicked the confirmation link (double opt-in done). Produced once the placement is known:
 * `placed` (a member-joined.v1 for the same person follows or precedes it) or `triage` (no area matched; the
 * coordinator places it by hand — tell the resident it will be handled).
 */
export const RegistrationConfirmedV1 = defineEvent({
  type: 'enrolment.registration-confirmed.v1',
  description: 'A resident confirmed their registration from the email link.',
  containsPersonalData: true,
  personalData: 'mobile and smsOptIn (optional): notifications needs them to send SMS to the resident.',
  payload: z
    .object({
      registrationId: z.uuid(),
      personId: z.uuid(),
      mobile: mobileSchema.nullable(),
      smsOptIn: z.boolean(),
      /** Optional for compatibility with early producers; enrolment always sets it. */
      placement: z.enum(['placed', 'triage']).optional(),
    })
    .strict(),
  keyOf: (p) => p.registrationId,
});

/** A household joined a group (as member; onboarding runs the municipality's `member` process). */
export const MemberJoinedV1 = defineEvent({
  type: 'enrolment.member-joined.v1',
  description: 'A confirmed resident (household) joined a neighbourhood-watch group.',
  containsPersonalData: true,
  personalData: 'subject fields declared by the member process (onboarding); no contact details.',
  payload: z
    .object({
      memberId: z.uuid(),
      personId: z.uuid(),
      groupId: z.uuid(),
      areaId: z.string().min(1).max(100),
      subjectFields: subjectFieldsSchema,
      /** The person has protected identity (skyddad identitet): every view shows them as "Skyddad person" unless the viewer holds the `protected-identity` permission. Absent in older events: false. */
      protectedIdentity: z.boolean().default(false),
    })
    .strict(),
  keyOf: (p) => p.memberId,
});

export const MemberLeftV1 = defineEvent({
  type: 'enrolment.member-left.v1',
  description:
    'A member left their group: by their own choice (self), the contact person’s or coordinator’s, because they were erased, or because their municipality’s member onboarding rejected them (onboarding-rejected; added later: consumers are deployed before producers, and a consumer must treat a reason it does not know as a plain leave).',
  containsPersonalData: false,
  personalData: 'none beyond ids.',
  payload: z
    .object({
      memberId: z.uuid(),
      personId: z.uuid(),
      groupId: z.uuid(),
      /** `onboarding-rejected`: the person was already told by the onboarding outcome (notifications sends nothing more). */
      reason: z.enum(['self', 'contact-person', 'coordinator', 'erased', 'onboarding-rejected']),
    })
    .strict(),
  keyOf: (p) => p.memberId,
});

/** A resident was nominated (or nominated themselves) as kontaktombud: onboarding starts the contact-person process. */
export const ContactPersonNominatedV1 = defineEvent({
  type: 'enrolment.contact-person-nominated.v1',
  description: 'A resident was nominated as contact person (kontaktombud) of a group; their onboarding starts.',
  containsPersonalData: true,
  personalData: 'subject fields declared by the contact-person process (e.g. name for the police review); contact details stay in enrolment and notifications.',
  payload: z
    .object({
      nominationId: z.uuid(),
      personId: z.uuid(),
      groupId: z.uuid(),
      areaId: z.string().min(1).max(100),
      policeAreaId: z.string().min(1).max(100),
      subjectFields: subjectFieldsSchema,
      /** The person has protected identity (skyddad identitet): every view shows them as "Skyddad person" unless the viewer holds the `protected-identity` permission. Absent in older events: false. */
      protectedIdentity: z.boolean().default(false),
    })
    .strict(),
  keyOf: (p) => p.nominationId,
});

/** `contactPersonId` is the personId of the approved main contact person (kontaktombud). */
export const GroupActivatedV1 = defineEvent({
  type: 'enrolment.group-activated.v1',
  description: 'A group became active: its first contact person was approved (contactPersonId is that person’s personId).',
  containsPersonalData: false,
  personalData: 'none beyond ids.',
  payload: z.object({ groupId: z.uuid(), areaId: z.string().min(1).max(100), contactPersonId: z.uuid(), groupName: groupNameSchema }).strict(),
  keyOf: (p) => p.groupId,
});

/** A group's statuses as enrolment names them (services/enrolment `GroupStatus`). */
export const groupStatusSchema = z.enum(['forming', 'awaiting-approval', 'active', 'paused', 'closed']);

/**
 * Issue 14: a group's status or its set of active contact persons changed (or the group was created). A snapshot,
 * not a delta — the status and every approved contact person (main and deputies) after the change — so a consumer
 * keeps the newest by `occurredAt` and may receive them in any order. Enrolment writes it into the group's outbox in
 * the same write as the change. Added because a coordinator's pause or close and a group's creation were on no event.
 */
export const GroupStatusChangedV1 = defineEvent({
  type: 'enrolment.group-status-changed.v1',
  description: 'A group was created, or its status or its active contact persons (main and deputies) changed: the state after the change.',
  containsPersonalData: false,
  personalData: 'none beyond ids (contactPersonIds are personIds, forgotten by consumers on resident-erased).',
  payload: z
    .object({
      groupId: z.uuid(),
      areaId: z.string().min(1).max(100),
      status: groupStatusSchema,
      /** personIds of the group's approved contact persons now: the main one and the deputies (empty: none). */
      contactPersonIds: z.array(z.uuid()).max(100),
    })
    .strict(),
  keyOf: (p) => p.groupId,
});

/**
 * The yearly "are you still active? is your list current?" check of an active group (reminder 0 is the first
 * request, then 1, 2 … as configured). Notifications mails the contact person; the email's one-click answers link to
 * the web front with a token from enrolment's POST /internal/links `{ kind: "activity-check", checkId }`.
 */
export const ActivityCheckRequestedV1 = defineEvent({
  type: 'enrolment.activity-check-requested.v1',
  description: 'An active group’s contact person is asked whether the group is still active and its member list current.',
  containsPersonalData: false,
  personalData: 'none beyond ids (contactPersonId is the personId notifications already holds as a recipient).',
  payload: z
    .object({
      groupId: z.uuid(),
      checkId: z.uuid(),
      contactPersonId: z.uuid(),
      groupName: groupNameSchema,
      reminder: z.number().int().min(0).max(10),
    })
    .strict(),
  keyOf: (p) => p.groupId,
});

/** The resident corrected their details or notification choices from the self-service link. */
export const ResidentDetailsChangedV1 = defineEvent({
  type: 'enrolment.resident-details-changed.v1',
  description: 'A resident corrected their contact details, language or notification choices (self-service).',
  containsPersonalData: true,
  personalData:
    'name, email, mobile, smsOptIn, emailUpdates, language: notifications updates the recipient it stores for the person. No other service needs them.',
  payload: z
    .object({
      personId: z.uuid(),
      name: personNameSchema,
      email: emailSchema,
      mobile: mobileSchema.nullable(),
      smsOptIn: z.boolean(),
      emailUpdates: z.boolean(),
      language: languageSchema,
      /** The person has protected identity (skyddad identitet): every view shows them as "Skyddad person" unless the viewer holds the `protected-identity` permission. Absent in older events: false. */
      protectedIdentity: z.boolean().default(false),
    })
    .strict(),
  keyOf: (p) => p.personId,
});

/**
 * A resident's protected-identity flag (skyddad identitet) changed after their data went out (self-service). Only the
 * id and the flag: services that keep the flag from an earlier event (onboarding's instances, the step workers'
 * work) update it, so views and later step requests follow the person's current choice.
 */
export const ProtectedIdentityChangedV1 = defineEvent({
  type: 'enrolment.protected-identity-changed.v1',
  description: 'A resident turned protected identity (skyddad identitet) on or off; services that keep the flag update it.',
  containsPersonalData: true,
  personalData:
    'the protected-identity flag (that a person has protected identity is itself sensitive): onboarding, police-liaison and bra-review update the flag they keep for the person.',
  payload: z.object({ personId: z.uuid(), protectedIdentity: z.boolean() }).strict(),
  keyOf: (p) => p.personId,
});

/**
 * A resident asked, from the self-service link, to change their email address. The new address takes effect only when
 * the link sent to it is opened (enrolment's `POST /email-changes`, then `enrolment.resident-details-changed.v1`); the
 * old address is told that the address is being changed.
 */
export const EmailChangeRequestedV1 = defineEvent({
  type: 'enrolment.email-change-requested.v1',
  description: 'A resident asked to change their email address; notifications sends a confirmation link to the new address and a notice to the old one.',
  containsPersonalData: true,
  personalData: 'the new email address (to send the confirmation link to it) and the name: for notifications only; forgotten with the person.',
  payload: z
    .object({
      changeId: z.uuid(),
      personId: z.uuid(),
      name: personNameSchema,
      newEmail: emailSchema,
      language: languageSchema,
      /** The person has protected identity (skyddad identitet): every view shows them as "Skyddad person" unless the viewer holds the `protected-identity` permission. Absent in older events: false. */
      protectedIdentity: z.boolean().default(false),
    })
    .strict(),
  keyOf: (p) => p.personId,
});

/** A resident asked to be deleted: every service removes or anonymises what it holds about the person. */
export const ResidentErasedV1 = defineEvent({
  type: 'enrolment.resident-erased.v1',
  description: 'A resident was erased (following the municipality’s retention rules); every service forgets the person.',
  containsPersonalData: false,
  personalData: 'the person id only: each service erases what it holds under that id.',
  payload: z.object({ personId: z.uuid(), erasedAt: z.iso.datetime({ offset: true }) }).strict(),
  keyOf: (p) => p.personId,
});
