import { z } from 'zod';
import { defineEvent } from '../define-event';
import { emailSchema, languageSchema, personNameSchema } from './common';

/** What the consumers of findings (e.g. a municipality's fault-report system) need: no participant, owner or email. */
const findingCategorySchema = z.enum(['lighting', 'vegetation', 'vandalism', 'traffic', 'meeting-places', 'positive']);
const findingPlaceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('address'), address: z.string().min(1).max(200) }).strict(),
  z.object({ kind: z.literal('point'), lat: z.number().min(55).max(69.1), lon: z.number().min(10.9).max(24.2) }).strict(),
]);
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * A finding (brist) of a safety round (trygghetsrond) was recorded, by the coordinator or a participant: a
 * municipality's own systems (its fault-report system) can take it. Who recorded it is not told.
 */
export const FindingRecordedV1 = defineEvent({
  type: 'volunteers.finding-recorded.v1',
  description: 'A finding of a safety round (place, category, description, responsible organisation) was recorded.',
  containsPersonalData: true,
  personalData: 'no names or contact details; the free-text description may mention a person by accident, so the topic has the bounded retention.',
  payload: z
    .object({
      findingId: z.uuid(),
      roundId: z.uuid(),
      roundDate: dateSchema,
      district: z.string().min(1).max(200),
      place: findingPlaceSchema,
      category: findingCategorySchema,
      description: z.string().min(1).max(2000),
      responsibleOrganisation: z.string().min(1).max(200),
      deadline: dateSchema,
      recordedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.findingId,
});

/** A finding moved on: assigned (with its deadline), fixed, or won't be fixed (with the reason). No owner email. */
export const FindingStatusChangedV1 = defineEvent({
  type: 'volunteers.finding-status-changed.v1',
  description: 'A safety-round finding was assigned to an owner, fixed, or closed as won’t fix (with the reason).',
  containsPersonalData: true,
  personalData: 'no names or contact details (the owner is not named); the free-text won’t-fix reason may mention a person by accident.',
  payload: z
    .object({
      findingId: z.uuid(),
      roundId: z.uuid(),
      from: z.enum(['open', 'assigned']),
      to: z.enum(['assigned', 'fixed', 'wont-fix']),
      responsibleOrganisation: z.string().min(1).max(200),
      deadline: dateSchema,
      /** Only for `wont-fix`. */
      reason: z.string().min(1).max(1000).nullable(),
      changedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.findingId,
});

/**
 * A participant was invited to a safety round: notifications mails them the invitation (in their language) with the
 * link to answer and record findings, which it asks volunteers for at send time (`POST /internal/links`, kind
 * `round-participant`): the link's secret never travels in an event.
 */
export const RoundParticipantInvitedV1 = defineEvent({
  type: 'volunteers.round-participant-invited.v1',
  description: 'A participant was invited to a safety round (notifications mails the invitation with the answer link).',
  containsPersonalData: true,
  personalData: 'the participant’s name, email and language: notifications sends the invitation to them. No other service needs them.',
  payload: z
    .object({
      roundId: z.uuid(),
      participantId: z.uuid(),
      participant: z.object({ name: personNameSchema, email: emailSchema, language: languageSchema }).strict(),
      organisationKind: z.enum(['police', 'housing-company', 'planning-office', 'neighbourhood-watch-group', 'walkers', 'residents']),
      district: z.string().min(1).max(200),
      plannedDate: dateSchema,
      meetingPoint: z.string().min(1).max(200),
      invitedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.roundId,
});

/**
 * A finding got an owner (or a new one) and a deadline: notifications mails the owner the finding's summary and the
 * link to update it without an account, asked of volunteers at send time (`POST /internal/links`, kind
 * `finding-owner`, for this assignment only).
 */
export const FindingAssignedV1 = defineEvent({
  type: 'volunteers.finding-assigned.v1',
  description: 'A safety-round finding was given to an owner with a deadline (notifications mails the owner the update link).',
  containsPersonalData: true,
  personalData: 'the owner’s email and language: notifications sends them the finding and the update link. No other service needs them.',
  payload: z
    .object({
      findingId: z.uuid(),
      roundId: z.uuid(),
      owner: z.object({ email: emailSchema, language: languageSchema }).strict(),
      district: z.string().min(1).max(200),
      roundDate: dateSchema,
      place: findingPlaceSchema,
      /** The place as the email writes it: the address, or the map point as `lat, lon`. */
      placeText: z.string().min(1).max(200),
      category: findingCategorySchema,
      description: z.string().min(1).max(2000),
      responsibleOrganisation: z.string().min(1).max(200),
      deadline: dateSchema,
      assignedAt: z.iso.datetime({ offset: true }),
    })
    .strict(),
  keyOf: (p) => p.findingId,
});
