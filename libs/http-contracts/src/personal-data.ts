import { z } from 'zod';
import { defineRoute } from './define-route';
import { invalid, isoDateTime, unauthorised } from './common';

// "Mina uppgifter" shows everything every service holds about a person (GDPR Art. 15): each service that holds data
// under a person id answers the same internal route, for the web only (INTERNAL_SECRET_WEB_PERSONAL_DATA). The web
// asks with the person id and municipality enrolment resolved from the resident's self-service link, never with an id
// from the browser. Answers hold that person's data only: no other person's names, no staff-written notes.

/** The purpose of the web's secret for these routes (`INTERNAL_SECRET_WEB_PERSONAL_DATA`). */
export const PERSONAL_DATA_PURPOSE = 'personal-data';

export const personalDataParams = z.object({ personId: z.uuid() }).strict();
export const personalDataQuery = z.object({ municipalityId: z.string().regex(/^[a-z0-9-]{1,60}$/) }).strict();

/** `GET /internal/personal-data/:personId?municipalityId=` of one service, answering `schema` (empty lists for an unknown person). */
export function personalDataRoute<S extends z.ZodType>(service: string, summary: string, schema: S) {
  return defineRoute({
    service,
    operationId: 'personalData',
    method: 'get',
    path: '/internal/personal-data/:personId',
    summary,
    access: { kind: 'internal', callers: ['web'], purpose: PERSONAL_DATA_PURPOSE },
    params: personalDataParams,
    query: personalDataQuery,
    responses: { 200: { description: 'what the service holds about the person (empty when nothing)', schema }, 400: invalid, 401: unauthorised },
  });
}

const language = z.enum(['sv', 'en']);
const fieldValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** notifications: the recipient, their preferences and the delivery log of messages sent to them (no payloads). */
export const notificationsPersonalDataSchema = z.object({
  recipient: z
    .object({
      name: z.string(),
      email: z.string().nullable(),
      emailWorking: z.boolean(),
      mobile: z.string().nullable(),
      smsOptIn: z.boolean(),
      emailUpdates: z.boolean(),
      language,
      groupIds: z.array(z.string()),
      areaIds: z.array(z.string()),
      /** The groups the person is an active contact person of, as notifications knows it (area messages to contact persons, relays). Absent from an older notifications. */
      contactPersonGroupIds: z.array(z.string()).optional(),
      preferences: z.object({
        channels: z.object({ email: z.boolean(), sms: z.boolean() }),
        categories: z.object({ urgent: z.boolean(), information: z.boolean(), reminders: z.boolean() }),
        updatedAt: isoDateTime.nullable(),
      }),
    })
    .nullable(),
  messages: z.array(
    z.object({
      id: z.string(),
      channel: z.enum(['email', 'sms']),
      template: z.string(),
      category: z.string(),
      language,
      status: z.string(),
      createdAt: isoDateTime,
      updatedAt: isoDateTime,
      history: z.array(z.object({ status: z.string(), at: isoDateTime, detail: z.string().nullable() })),
    }),
  ),
});

/** onboarding: the person's process instances, steps and decisions; reviewers' reasons and ids are left out. */
export const onboardingPersonalDataSchema = z.object({
  instances: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      processVersion: z.number().int(),
      status: z.string(),
      startedAt: isoDateTime,
      completedAt: isoDateTime.nullable(),
      subjectFields: fieldValues,
      steps: z.array(
        z.object({
          id: z.string(),
          type: z.string(),
          status: z.string(),
          attempt: z.number().int(),
          firstRequestedAt: isoDateTime.nullable(),
          answeredAt: isoDateTime.nullable(),
          outcome: z.string().nullable(),
          /** Who answered, as a kind (staff, police, system, plug-in, the person): never the reviewer's identity. */
          answeredBy: z.string().nullable(),
        }),
      ),
    }),
  ),
});

/** police-liaison: the person's police-approval cases and the decisions (outcome and time; the officer's note is internal). */
export const policeLiaisonPersonalDataSchema = z.object({
  cases: z.array(
    z.object({
      id: z.string(),
      stepType: z.string(),
      attempt: z.number().int(),
      status: z.string(),
      openedAt: isoDateTime,
      subjectFields: fieldValues,
      decision: z.object({ outcome: z.string(), decidedAt: isoDateTime }).nullable(),
    }),
  ),
});

/** bra-review: the person's local BRÅ reviews and the decisions (outcome and time; the reviewer's reason and identity are internal). */
export const braReviewPersonalDataSchema = z.object({
  reviews: z.array(
    z.object({
      id: z.string(),
      stepType: z.string(),
      attempt: z.number().int(),
      status: z.string(),
      requestedAt: isoDateTime,
      subjectFields: fieldValues,
      decision: z.object({ outcome: z.string(), decidedAt: isoDateTime }).nullable(),
    }),
  ),
});

/** volunteers: the walker record (the staff-written status reason is internal). */
export const volunteersPersonalDataSchema = z.object({
  walkers: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      mobile: z.string().nullable(),
      smsOptIn: z.boolean(),
      language,
      birthYear: z.number().int().nullable(),
      organisationId: z.string().nullable(),
      /** Languages spoken and availability as given at sign-up (absent: given before the form asked). */
      spokenLanguages: z.array(z.string()).optional(),
      otherLanguages: z.string().nullable().optional(),
      availability: z.array(z.string()).optional(),
      status: z.string(),
      signedUpAt: isoDateTime,
      decidedAt: isoDateTime.nullable(),
    }),
  ),
});

export type NotificationsPersonalData = z.infer<typeof notificationsPersonalDataSchema>;
export type OnboardingPersonalData = z.infer<typeof onboardingPersonalDataSchema>;
export type PoliceLiaisonPersonalData = z.infer<typeof policeLiaisonPersonalDataSchema>;
export type BraReviewPersonalData = z.infer<typeof braReviewPersonalDataSchema>;
export type VolunteersPersonalData = z.infer<typeof volunteersPersonalDataSchema>;
