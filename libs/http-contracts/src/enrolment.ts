import { z } from 'zod';
import { defineRoute } from './define-route';
import { auditRecordsRoute } from './audit';
import { invalid, isoDate, isoDateTime, notFound, problem, unauthorised } from './common';
import {
  activityAnswerInput,
  activityDescribeQuery,
  confirmationInput,
  emptyInput,
  groupEditInput,
  groupFilterQuery,
  handOverInput,
  importInput,
  importQuery,
  leaveInput,
  linkInput,
  newSignInput,
  placeInput,
  registrationInput,
  selfServiceDeclinedInput,
  selfServicePatchInput,
  signEditInput,
  signReportInput,
  staffDeclinedInput,
} from './enrolment-input';

const service = 'enrolment';

// --- answers (what services/enrolment/src/application returns today) --------------------------------------

const language = z.enum(['sv', 'en']);
const intent = z.enum(['join', 'start-group', 'contact-person']);
const groupStatus = z.enum(['forming', 'awaiting-approval', 'active', 'paused', 'closed']);
const memberRole = z.enum(['member', 'contact-person', 'deputy']);
const signCondition = z.enum(['ok', 'damaged', 'missing']);

export const addressSchema = z.object({ street: z.string(), number: z.string(), postcode: z.string(), city: z.string().nullable() });
/** A household that said no is kept with street, number and postcode only. */
export const declinedAddressSchema = z.object({ street: z.string(), number: z.string(), postcode: z.string() });
export const coverageSchema = z.object({ joined: z.number().int(), declined: z.number().int(), households: z.number().int().nullable(), text: z.object({ sv: z.string(), en: z.string() }) });
const idName = z.object({ id: z.string(), name: z.string() });

export const placementSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('placed'), area: idName, group: z.object({ id: z.string(), name: z.string(), status: groupStatus, newlyCreated: z.boolean() }) }),
  z.object({ kind: z.literal('triage') }),
]);

export const confirmationResultSchema = z.object({
  status: z.literal('confirmed'),
  language,
  intent,
  placement: placementSchema,
  /** The person gave a mobile number and asked for SMS: the page tells them to confirm the number by code first. */
  smsRequested: z.boolean().optional(),
});
export const issuedLinkSchema = z.object({ url: z.string(), expiresAt: isoDateTime });

export const selfServiceViewSchema = z.object({
  personId: z.string(),
  municipalityId: z.string(),
  name: z.string(),
  email: z.string(),
  mobile: z.string().nullable(),
  smsOptIn: z.boolean(),
  emailUpdates: z.boolean(),
  language,
  protectedIdentity: z.boolean(),
  registrations: z.array(
    z.object({
      registrationId: z.string(),
      address: addressSchema,
      intent,
      status: z.enum(['submitted', 'confirmed', 'triage']),
      submittedAt: isoDateTime,
      confirmedAt: isoDateTime.nullable(),
    }),
  ),
  memberships: z.array(
    z.object({
      groupId: z.string(),
      groupName: z.string(),
      areaId: z.string(),
      areaName: z.string(),
      groupStatus,
      role: memberRole,
      joinedAt: isoDateTime,
      signs: z.array(z.object({ id: z.string(), place: z.string(), condition: signCondition })),
    }),
  ),
  retention: z.object({ mode: z.enum(['anonymise-now', 'keep-days']), keepDays: z.number().int(), text: z.object({ sv: z.string(), en: z.string() }) }),
  /** A new email address waiting for its confirmation link to be opened (it is not the address yet); absent or null: none. */
  pendingEmail: z.string().nullable().optional(),
});

export const householdListSchema = z.object({
  group: z.object({ id: z.string(), name: z.string(), status: groupStatus, coverage: coverageSchema }),
  members: z.array(
    z.object({
      memberId: z.string(),
      /** The household's person id: for the web to ask notifications whether an area message reached them (never shown). Absent from an older enrolment. */
      personId: z.string().optional(),
      name: z.string(),
      address: addressSchema,
      role: memberRole,
      joinedAt: isoDateTime,
      emailNotWorking: z.boolean(),
    }),
  ),
  hiddenMembers: z.number().int(),
  declinedHouseholds: z.array(z.object({ id: z.string(), address: declinedAddressSchema })),
});

export const signViewSchema = z.object({
  id: z.string(),
  place: z.string(),
  putUpAt: isoDate.nullable(),
  condition: signCondition,
  lastReport: z.object({ at: isoDateTime, kind: z.string(), note: z.string().nullable() }).nullable(),
});

const personRef = z.object({ personId: z.string(), name: z.string().nullable() });

export const groupSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  areaId: z.string(),
  areaName: z.string(),
  status: groupStatus,
  memberCount: z.number().int(),
  contactPerson: personRef.nullable(),
  deputies: z.array(personRef),
  waitingForPolice: z.boolean(),
  /**
   * Which nominations `waitingForPolice` is about: each contact-person nomination whose onboarding still runs, oldest
   * first, with the nominee's name (null: no registration; "Skyddad person" as for members). Absent from an older enrolment.
   */
  pendingNominations: z.array(z.object({ nominationId: z.string(), personId: z.string(), name: z.string().nullable(), nominatedAt: isoDateTime })).optional(),
  startMeetingDate: isoDate.nullable(),
  signsUp: z.boolean(),
  householdCount: z.number().int().nullable(),
  coverage: coverageSchema,
  followUp: z.object({ reason: z.string(), since: isoDateTime }).nullable(),
  activityCheck: z.object({ startedAt: isoDateTime, remindersSent: z.number().int(), answeredAt: isoDateTime.nullable(), answer: z.string().nullable() }).nullable(),
});

export const groupPageSchema = groupSummarySchema.extend({
  /**
   * A member with protected identity is "Skyddad person" without address, email or mobile (counted in hiddenMembers)
   * unless the coordinator holds the `protected-identity` permission.
   */
  members: z.array(
    z.object({
      memberId: z.string(),
      personId: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      mobile: z.string().nullable(),
      protectedIdentity: z.boolean(),
      address: addressSchema.nullable(),
      role: memberRole,
      joinedAt: isoDateTime,
      emailNotWorkingSince: isoDateTime.nullable(),
    }),
  ),
  hiddenMembers: z.number().int(),
  households: z.array(z.object({ id: z.string(), address: declinedAddressSchema, status: z.literal('declined') })),
  nominations: z.array(
    z.object({ nominationId: z.string(), personId: z.string(), name: z.string().nullable(), status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'revoked']), reason: z.string().nullable() }),
  ),
  signs: z.array(signViewSchema),
  history: z.array(z.object({ at: isoDateTime, action: z.string(), actor: z.string(), details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])) })),
});

/** A person with protected identity is "Skyddad person" without address, email or mobile unless the coordinator holds the `protected-identity` permission. */
export const triageItemSchema = z.object({
  registrationId: z.string(),
  personId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  protectedIdentity: z.boolean(),
  address: addressSchema.nullable(),
  intent,
  submittedAt: isoDateTime,
  confirmedAt: isoDateTime.nullable(),
});

export const areaSummarySchema = z.object({ id: z.string(), name: z.string(), householdCount: z.number().int().nullable(), groupCount: z.number().int(), coverage: coverageSchema });

export const signReplacementSchema = signViewSchema.extend({ groupId: z.string(), groupName: z.string(), areaId: z.string(), areaName: z.string() });

export const importReportSchema = z.object({
  dryRun: z.boolean(),
  accepted: z.number().int(),
  rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  created: z.object({ groups: z.number().int(), members: z.number().int(), contactPersons: z.number().int() }),
  skippedExisting: z.number().int(),
});

// --- routes ---------------------------------------------------------------------------------------------

const linkProblems = {
  404: problem('token_invalid (unknown link) or not_found'),
  410: problem('token_expired or token_used'),
} as const;
const staffProblems = { 401: unauthorised, 403: problem('forbidden: not your municipality') } as const;
const tokenParam = z.object({ token: z.string() });

export const submitRegistration = defineRoute({
  service,
  operationId: 'submitRegistration',
  method: 'post',
  path: '/registrations',
  summary: 'A resident registers (join, start a group, become contact person); the confirmation email follows',
  description: 'The same answer whether the registration is new, a repeat (confirmation re-sent) or already confirmed: it never tells whether an email is known.',
  access: { kind: 'public' },
  body: registrationInput,
  responses: { 202: { description: 'submitted', schema: z.object({ status: z.literal('submitted') }) }, 400: invalid },
});

export const confirmRegistration = defineRoute({
  service,
  operationId: 'confirmRegistration',
  method: 'post',
  path: '/confirmations',
  summary: 'The confirmation link (double opt-in): confirms the registration and places the household',
  access: { kind: 'public' },
  body: confirmationInput,
  responses: { 200: { description: 'confirmed, with the placement', schema: confirmationResultSchema }, 400: invalid, ...linkProblems },
});

export const confirmEmailChange = defineRoute({
  service,
  operationId: 'confirmEmailChange',
  method: 'post',
  path: '/email-changes',
  summary: 'The link sent to a new email address: the address asked for in self-service takes effect',
  access: { kind: 'public' },
  body: confirmationInput,
  responses: {
    200: { description: 'the new address is the person\'s address', schema: z.object({ status: z.literal('changed'), language }) },
    400: invalid,
    ...linkProblems,
    409: problem('duplicate_registration: another registration at the address already has that email'),
  },
});

export const issueLink = defineRoute({
  service,
  operationId: 'issueLink',
  method: 'post',
  path: '/internal/links',
  summary: 'A fresh link (confirmation, self-service, activity check) for notifications to put in an email',
  access: { kind: 'internal', callers: ['notifications'], purpose: 'self-service-links' },
  body: linkInput,
  responses: { 200: { description: 'the link and when it expires', schema: issuedLinkSchema }, 400: invalid, 401: unauthorised, 404: notFound },
});

export const describeActivityCheck = defineRoute({
  service,
  operationId: 'describeActivityCheck',
  method: 'get',
  path: '/activity-checks/:token',
  summary: 'The yearly "still active?" check behind a contact person\'s link: which group, answered yet',
  access: { kind: 'link' },
  params: tokenParam,
  query: activityDescribeQuery,
  responses: { 200: { description: 'the group and whether the check is answered', schema: z.object({ group: idName, answered: z.boolean() }) }, 400: invalid, ...linkProblems },
});

export const answerActivityCheck = defineRoute({
  service,
  operationId: 'answerActivityCheck',
  method: 'post',
  path: '/activity-checks',
  summary: 'The contact person answers the yearly check',
  access: { kind: 'link' },
  body: activityAnswerInput,
  responses: {
    200: { description: 'recorded', schema: z.object({ status: z.literal('recorded'), answer: z.enum(['active', 'active-list-outdated', 'not-active']), group: idName }) },
    400: invalid,
    ...linkProblems,
  },
});

export const viewSelfService = defineRoute({
  service,
  operationId: 'viewSelfService',
  method: 'get',
  path: '/self-service/:token',
  summary: '"Mina uppgifter": everything stored about the person',
  access: { kind: 'link' },
  params: tokenParam,
  responses: { 200: { description: 'the person\'s data', schema: selfServiceViewSchema }, ...linkProblems },
});

export const correctSelfService = defineRoute({
  service,
  operationId: 'correctSelfService',
  method: 'patch',
  path: '/self-service/:token',
  summary: 'The person corrects their details (any subset of the form\'s fields)',
  access: { kind: 'link' },
  params: tokenParam,
  body: selfServicePatchInput,
  responses: { 200: { description: 'the corrected view', schema: selfServiceViewSchema }, 400: invalid, ...linkProblems, 409: problem('duplicate_registration') },
});

export const leaveGroup = defineRoute({
  service,
  operationId: 'leaveGroup',
  method: 'post',
  path: '/self-service/:token/leave',
  summary: 'The person leaves one group (groupId) or all of them',
  access: { kind: 'link' },
  params: tokenParam,
  body: leaveInput,
  responses: { 200: { description: 'the groups left', schema: z.object({ left: z.array(z.string()) }) }, 400: invalid, ...linkProblems },
});

export const reportSign = defineRoute({
  service,
  operationId: 'reportSign',
  method: 'post',
  path: '/self-service/:token/signs/:signId/report',
  summary: 'A member reports one of the group\'s signs damaged or missing',
  access: { kind: 'link' },
  params: z.object({ token: z.string(), signId: z.string() }),
  body: signReportInput,
  responses: { 200: { description: 'the sign\'s new condition', schema: z.object({ condition: signCondition }) }, 400: problem('validation_failed, also unknown_sign (not one of the person\'s groups\' signs)'), ...linkProblems },
});

const groupOfToken = z.object({ token: z.string(), groupId: z.string() });
/** A group the person is not in is a bad field (400 unknown_group); not leading it is 409 not_contact_person. */
const ledGroupProblems = { ...linkProblems, 400: invalid, 409: problem('not_contact_person, or another conflict named by its code') } as const;

export const listHouseholds = defineRoute({
  service,
  operationId: 'listHouseholds',
  method: 'get',
  path: '/self-service/:token/groups/:groupId/households',
  summary: 'Contact person / deputy: the group\'s households, with the households that said no',
  access: { kind: 'link' },
  params: groupOfToken,
  responses: { 200: { description: 'the household list', schema: householdListSchema }, ...ledGroupProblems },
});

export const recordDeclinedHousehold = defineRoute({
  service,
  operationId: 'recordDeclinedHousehold',
  method: 'post',
  path: '/self-service/:token/groups/:groupId/households',
  summary: 'Contact person / deputy records a household that said no (address only)',
  access: { kind: 'link' },
  params: groupOfToken,
  body: selfServiceDeclinedInput,
  responses: { 201: { description: 'recorded (the same id for an address already recorded)', schema: z.object({ id: z.string() }) }, ...ledGroupProblems },
});

export const removeDeclinedHousehold = defineRoute({
  service,
  operationId: 'removeDeclinedHousehold',
  method: 'delete',
  path: '/self-service/:token/groups/:groupId/households/:householdId',
  summary: 'Contact person / deputy removes a household that said no',
  access: { kind: 'link' },
  params: z.object({ token: z.string(), groupId: z.string(), householdId: z.string() }),
  responses: { 204: { description: 'removed' }, ...ledGroupProblems },
});

export const handOverContactPerson = defineRoute({
  service,
  operationId: 'handOverContactPerson',
  method: 'post',
  path: '/self-service/:token/groups/:groupId/hand-over',
  summary: 'The main contact person hands the role to a deputy (at once) or a member (after their onboarding)',
  access: { kind: 'link' },
  params: groupOfToken,
  body: handOverInput,
  responses: {
    200: { description: 'handed over, or a nomination started', schema: z.object({ outcome: z.enum(['handed-over', 'nominated']) }) },
    ...ledGroupProblems,
  },
});

export const eraseSelf = defineRoute({
  service,
  operationId: 'eraseSelf',
  method: 'post',
  path: '/self-service/:token/erase',
  summary: 'The person asks to be erased: every use stops now; anonymised now or after the retention time',
  access: { kind: 'link' },
  params: tokenParam,
  body: emptyInput,
  responses: {
    200: { description: 'erased', schema: z.object({ status: z.literal('erased'), mode: z.enum(['anonymise-now', 'keep-days']), anonymiseAt: isoDateTime }) },
    400: invalid,
    ...linkProblems,
  },
});

const m = z.object({ m: z.string() });
const mGroup = z.object({ m: z.string(), groupId: z.string() });

export const triage = defineRoute({
  service,
  operationId: 'triage',
  method: 'get',
  path: '/staff/:m/triage',
  summary: 'Confirmed registrations no area rule placed: the coordinator places them',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: m,
  responses: { 200: { description: 'the triage list', schema: z.object({ items: z.array(triageItemSchema) }) }, ...staffProblems },
});

export const placeFromTriage = defineRoute({
  service,
  operationId: 'placeFromTriage',
  method: 'post',
  path: '/staff/:m/triage/:registrationId/place',
  summary: 'The coordinator places a registration from triage in an area (and optionally a group)',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: z.object({ m: z.string(), registrationId: z.string() }),
  body: placeInput,
  responses: { 200: { description: 'the placement', schema: placementSchema }, 400: invalid, ...staffProblems, 404: notFound, 409: problem('not_in_triage') },
});

export const listAreas = defineRoute({
  service,
  operationId: 'listAreas',
  method: 'get',
  path: '/staff/:m/areas',
  summary: 'The municipality\'s areas with their groups\' coverage',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: m,
  responses: { 200: { description: 'the areas', schema: z.object({ areas: z.array(areaSummarySchema) }) }, ...staffProblems },
});

export const listGroups = defineRoute({
  service,
  operationId: 'listGroups',
  method: 'get',
  path: '/staff/:m/groups',
  summary: 'The municipality\'s groups, filtered',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: m,
  query: groupFilterQuery,
  responses: { 200: { description: 'the groups', schema: z.object({ groups: z.array(groupSummarySchema) }) }, 400: invalid, ...staffProblems },
});

export const getGroup = defineRoute({
  service,
  operationId: 'getGroup',
  method: 'get',
  path: '/staff/:m/groups/:groupId',
  summary: 'One group: members, declined households, nominations, signs, history',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: mGroup,
  responses: { 200: { description: 'the group page', schema: groupPageSchema }, ...staffProblems, 404: notFound },
});

export const editGroup = defineRoute({
  service,
  operationId: 'editGroup',
  method: 'patch',
  path: '/staff/:m/groups/:groupId',
  summary: 'The coordinator edits a group (name, status, start meeting, signs up, household count)',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: mGroup,
  body: groupEditInput,
  responses: { 200: { description: 'the group page after the edit', schema: groupPageSchema }, 400: invalid, ...staffProblems, 404: notFound, 409: problem('the change is not allowed') },
});

export const staffRecordDeclinedHousehold = defineRoute({
  service,
  operationId: 'staffRecordDeclinedHousehold',
  method: 'post',
  path: '/staff/:m/groups/:groupId/households',
  summary: 'The coordinator records a household that said no (address only)',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: mGroup,
  body: staffDeclinedInput,
  responses: { 201: { description: 'recorded', schema: z.object({ id: z.string() }) }, 400: invalid, ...staffProblems, 404: notFound, 409: problem('the household is a member') },
});

export const staffRemoveDeclinedHousehold = defineRoute({
  service,
  operationId: 'staffRemoveDeclinedHousehold',
  method: 'delete',
  path: '/staff/:m/groups/:groupId/households/:householdId',
  summary: 'The coordinator removes a household that said no',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: z.object({ m: z.string(), groupId: z.string(), householdId: z.string() }),
  responses: { 204: { description: 'removed' }, ...staffProblems, 404: notFound },
});

export const addSign = defineRoute({
  service,
  operationId: 'addSign',
  method: 'post',
  path: '/staff/:m/groups/:groupId/signs',
  summary: 'Records a sign put up for an active group',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: mGroup,
  body: newSignInput,
  responses: { 201: { description: 'the sign', schema: signViewSchema }, 400: invalid, ...staffProblems, 404: notFound, 409: problem('signs_need_active_group') },
});

export const updateSign = defineRoute({
  service,
  operationId: 'updateSign',
  method: 'patch',
  path: '/staff/:m/groups/:groupId/signs/:signId',
  summary: 'Edits a sign, or marks it replaced / repaired (condition back to ok)',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: z.object({ m: z.string(), groupId: z.string(), signId: z.string() }),
  body: signEditInput,
  responses: { 200: { description: 'the sign', schema: signViewSchema }, 400: invalid, ...staffProblems, 404: notFound, 409: problem('the change is not allowed') },
});

export const signReplacements = defineRoute({
  service,
  operationId: 'signReplacements',
  method: 'get',
  path: '/staff/:m/signs/replacements',
  summary: 'Every damaged or missing sign of the municipality',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: m,
  responses: { 200: { description: 'the signs to replace', schema: z.object({ items: z.array(signReplacementSchema) }) }, ...staffProblems },
});

export const exportMembers = defineRoute({
  service,
  operationId: 'exportMembers',
  method: 'get',
  path: '/staff/:m/groups/:groupId/members.csv',
  summary: 'The member list as CSV for Swedish Excel (UTF-8 with BOM, ";", CRLF, Swedish headers)',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: mGroup,
  responses: { 200: { description: 'the CSV file (attachment)', contentType: 'text/csv; charset=utf-8' }, ...staffProblems, 404: notFound },
});

export const importGroups = defineRoute({
  service,
  operationId: 'importGroups',
  method: 'post',
  path: '/staff/:m/import',
  summary: 'CSV import of existing groups; ?dryRun=true (the default) writes nothing',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } },
  params: m,
  query: importQuery,
  body: importInput,
  responses: { 200: { description: 'what was (or would be) imported, every rejected row with its reason', schema: importReportSchema }, 400: invalid, ...staffProblems },
});

export const auditRecords = auditRecordsRoute(service);

/** Every HTTP endpoint of the enrolment service. */
export const enrolmentRoutes = [
  submitRegistration,
  confirmRegistration,
  confirmEmailChange,
  issueLink,
  describeActivityCheck,
  answerActivityCheck,
  viewSelfService,
  correctSelfService,
  leaveGroup,
  reportSign,
  listHouseholds,
  recordDeclinedHousehold,
  removeDeclinedHousehold,
  handOverContactPerson,
  eraseSelf,
  triage,
  placeFromTriage,
  listAreas,
  listGroups,
  getGroup,
  editGroup,
  staffRecordDeclinedHousehold,
  staffRemoveDeclinedHousehold,
  addSign,
  updateSign,
  signReplacements,
  exportMembers,
  importGroups,
  auditRecords,
] as const;
