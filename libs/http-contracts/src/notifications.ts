import { z } from 'zod';
import { auditRecordsRoute } from './audit';
import { defineRoute } from './define-route';
import { personalDataRoute, notificationsPersonalDataSchema } from './personal-data';
import { invalid, isoDateTime, notFound, problem, unauthorised } from './common';

const service = 'notifications';

// --- requests (the service validates with these; its use cases take their parsed types) -----------------

const CHANNELS = ['email', 'sms'] as const;
export const BROADCAST_AUDIENCES = ['members', 'contact-persons'] as const;
export const BROADCAST_DELIVERIES = ['direct', 'relay'] as const;
const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'uncertain', 'skipped'] as const;

/** Channels and the three optional categories (`transactional` cannot be turned off, so it is refused). */
export const preferencesInput = z
  .object({
    channels: z.object({ email: z.boolean(), sms: z.boolean() }).strict(),
    categories: z.object({ urgent: z.boolean(), information: z.boolean(), reminders: z.boolean() }).strict(),
  })
  .strict();

export const personPreferencesQuery = z.object({ municipalityId: z.string().regex(/^[a-z0-9-]{1,60}$/) }).strict();

/** The code the person typed back (digits; spaces and dashes are dropped before it is checked). */
export const mobileCodeInput = z.object({ code: z.string().trim().min(1).max(20) }).strict();

export const broadcastCommand = z
  .object({
    subject: z.string().trim().min(1).max(150),
    body: z.string().trim().min(1).max(2000),
    category: z.enum(['urgent', 'information', 'reminders']).default('information'),
    channels: z.array(z.enum(CHANNELS)).min(1).default(['email']),
    filter: z
      .object({ groupIds: z.array(z.uuid()).max(1000).optional(), areaIds: z.array(z.string().min(1).max(100)).max(1000).optional() })
      .strict()
      .refine((f) => (f.groupIds?.length ?? 0) + (f.areaIds?.length ?? 0) > 0, 'name at least one group or area'),
    /** `members`: every member of the groups and areas (by their own choices); `contact-persons`: only their active contact persons. */
    audience: z.enum(BROADCAST_AUDIENCES).default('members'),
    /**
     * `direct`: to the audience only. `relay`: to the members where they can be reached, and to the groups' contact
     * persons with a link to a page of their households (which were reached, and a print version for the others).
     */
    delivery: z.enum(BROADCAST_DELIVERIES).default('direct'),
  })
  .strict()
  .refine((c) => !(c.delivery === 'relay' && c.audience === 'contact-persons'), { path: ['delivery'], message: 'a relay goes to the members through their contact persons: choose the audience members' });

export const messageSearchQuery = z
  .object({
    status: z.enum(MESSAGE_STATUSES).optional(),
    channel: z.enum(CHANNELS).optional(),
    recipientId: z.string().min(1).max(200).optional(),
    broadcastId: z.uuid().optional(),
    template: z.string().min(1).max(100).optional(),
    before: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

export const previewQuery = z.object({ lang: z.enum(['sv', 'en']).default('sv'), format: z.enum(['json', 'html']).default('json') }).strict();

/** 46elks-style delivery report (form fields or JSON); other fields are allowed. */
export const deliveryReportInput = z
  .object({
    id: z.string().min(1).max(100),
    status: z.enum(['delivered', 'failed']),
    delivered: z.string().min(1).max(40).optional(),
  })
  .passthrough();

// --- answers ---------------------------------------------------------------------------------------------

const category = z.enum(['urgent', 'information', 'reminders', 'transactional']);
const channel = z.enum(CHANNELS);

/** The minimal view of a person's choices: no name, no address. */
export const preferencesViewSchema = z.object({
  municipalityId: z.string(),
  language: z.enum(['sv', 'en']),
  /** The category of the message whose link was opened; null when reached by person id. */
  linkCategory: category.nullable(),
  preferences: z.object({
    channels: z.object({ email: z.boolean(), sms: z.boolean() }),
    categories: z.object({ urgent: z.boolean(), information: z.boolean(), reminders: z.boolean() }),
  }),
  available: z.object({ email: z.boolean(), sms: z.boolean() }),
  /** Whether the person's mobile number is confirmed by code (no SMS goes to it before): none = no mobile number. */
  mobile: z.enum(['none', 'unconfirmed', 'confirmed']),
  updatedAt: isoDateTime.nullable(),
});

export const mobileCodeRequestSchema = z.union([
  z.object({ sent: z.literal(true), expiresAt: isoDateTime }),
  z.object({ sent: z.literal(false), reason: z.enum(['no-mobile', 'already-confirmed', 'too-many-codes']) }),
]);

export const mobileCodeAnswerSchema = z.object({
  outcome: z.enum(['confirmed', 'wrong', 'expired', 'too-many-attempts', 'no-code', 'already-confirmed']),
  /** Wrong answers left before the code is void (0 unless `wrong`). */
  attemptsLeft: z.number().int().min(0),
});

export const messageLogSchema = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      recipientId: z.string(),
      channel,
      template: z.string(),
      category,
      eventType: z.string(),
      broadcastId: z.string().nullable(),
      status: z.enum(MESSAGE_STATUSES),
      lastError: z.string().nullable(),
      segments: z.number().int().nullable(),
      history: z.array(z.object({ status: z.enum(MESSAGE_STATUSES), at: isoDateTime, detail: z.string().nullable() })),
      createdAt: isoDateTime,
    }),
  ),
});

export const previewSchema = z.object({
  municipalityId: z.string(),
  template: z.string(),
  language: z.enum(['sv', 'en']),
  usedBy: z
    .union([z.object({ rule: z.string(), event: z.string(), channels: z.array(channel), category }), z.object({ broadcasts: z.literal(true) })])
    .nullable(),
  email: z.object({ subject: z.string(), text: z.string(), html: z.string() }).loose().nullable(),
  sms: z.object({ text: z.string() }).loose().nullable(),
});

// --- routes ----------------------------------------------------------------------------------------------

const staffProblems = { 401: unauthorised, 403: problem('forbidden: not your municipality, or not your role') } as const;
/** The staff API is under `/staff/:m/…`: a coordinator of municipality `m` (the guard answers 403 for another). */
const coordinatorOfM = { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } } as const;
/** Area messages: the municipality's coordinator, or a police officer of a police area the municipality lists. */
const areaMessageSenderOfM = { kind: 'signed-in', roles: ['coordinator', 'police-officer'], scope: { municipalityParam: 'm' } } as const;
const m = z.object({ m: z.string() });
const linkNotFound = problem('not_found: unknown or expired link');

export const unsubscribePage = defineRoute({
  service,
  operationId: 'unsubscribePage',
  method: 'get',
  path: '/unsubscribe/:token',
  summary: 'The List-Unsubscribe URL opened by a person (or a mail scanner): changes nothing, redirects to "Dina utskick"',
  access: { kind: 'link' },
  params: z.object({ token: z.string() }),
  responses: { 303: { description: 'to the web page "Dina utskick"' }, 404: linkNotFound },
});

export const unsubscribe = defineRoute({
  service,
  operationId: 'unsubscribe',
  method: 'post',
  path: '/unsubscribe/:token',
  summary: 'RFC 8058 one-click unsubscribe: the message\'s category off',
  access: { kind: 'link' },
  params: z.object({ token: z.string() }),
  responses: { 200: { description: 'the category turned off', schema: z.object({ unsubscribed: category }) }, 404: linkNotFound },
});

export const preferencesByLink = defineRoute({
  service,
  operationId: 'preferencesByLink',
  method: 'get',
  path: '/internal/preferences/:token',
  summary: 'A person\'s message preferences by the token of an unsubscribe link (for the web page "Dina utskick")',
  access: { kind: 'internal', callers: ['web'], purpose: 'preferences' },
  params: z.object({ token: z.string() }),
  responses: { 200: { description: 'the preferences', schema: preferencesViewSchema }, 401: unauthorised, 404: linkNotFound },
});

export const savePreferencesByLink = defineRoute({
  service,
  operationId: 'savePreferencesByLink',
  method: 'put',
  path: '/internal/preferences/:token',
  summary: 'Saves a person\'s message preferences by the token of an unsubscribe link',
  access: { kind: 'internal', callers: ['web'], purpose: 'preferences' },
  params: z.object({ token: z.string() }),
  body: preferencesInput,
  responses: { 200: { description: 'the saved preferences', schema: preferencesViewSchema }, 400: invalid, 401: unauthorised, 404: linkNotFound },
});

export const preferencesOfPerson = defineRoute({
  service,
  operationId: 'preferencesOfPerson',
  method: 'get',
  path: '/internal/recipients/:personId/preferences',
  summary: 'A person\'s message preferences by person id (from the self-service page)',
  access: { kind: 'internal', callers: ['web'], purpose: 'preferences' },
  params: z.object({ personId: z.string() }),
  query: personPreferencesQuery,
  responses: { 200: { description: 'the preferences', schema: preferencesViewSchema }, 400: invalid, 401: unauthorised, 404: notFound },
});

export const savePreferencesOfPerson = defineRoute({
  service,
  operationId: 'savePreferencesOfPerson',
  method: 'put',
  path: '/internal/recipients/:personId/preferences',
  summary: 'Saves a person\'s message preferences by person id',
  access: { kind: 'internal', callers: ['web'], purpose: 'preferences' },
  params: z.object({ personId: z.string() }),
  query: personPreferencesQuery,
  body: preferencesInput,
  responses: { 200: { description: 'the saved preferences', schema: preferencesViewSchema }, 400: invalid, 401: unauthorised, 404: notFound },
});

export const requestMobileCode = defineRoute({
  service,
  operationId: 'requestMobileCode',
  method: 'post',
  path: '/internal/recipients/:personId/mobile-code',
  summary: 'Sends a code by SMS to the person\'s mobile number ("Bekräfta ditt mobilnummer"; for the web, behind the person\'s email link)',
  access: { kind: 'internal', callers: ['web'], purpose: 'preferences' },
  params: z.object({ personId: z.string() }),
  query: personPreferencesQuery,
  responses: { 200: { description: 'sent, or why not', schema: mobileCodeRequestSchema }, 400: invalid, 401: unauthorised, 404: notFound },
});

export const confirmMobileCode = defineRoute({
  service,
  operationId: 'confirmMobileCode',
  method: 'post',
  path: '/internal/recipients/:personId/mobile-confirmation',
  summary: 'Checks the code the person typed back; a right one confirms the mobile number (SMS may go to it from then on)',
  access: { kind: 'internal', callers: ['web'], purpose: 'preferences' },
  params: z.object({ personId: z.string() }),
  query: personPreferencesQuery,
  body: mobileCodeInput,
  responses: { 200: { description: 'what the code meant', schema: mobileCodeAnswerSchema }, 400: invalid, 401: unauthorised, 404: notFound },
});

export const searchMessages = defineRoute({
  service,
  operationId: 'searchMessages',
  method: 'get',
  path: '/staff/:m/messages',
  summary: 'The delivery log of the municipality, newest first, each message with its status history',
  access: coordinatorOfM,
  params: m,
  query: messageSearchQuery,
  responses: { 200: { description: 'the messages', schema: messageLogSchema }, 400: invalid, ...staffProblems },
});

export const queueCounts = defineRoute({
  service,
  operationId: 'queueCounts',
  method: 'get',
  path: '/queues',
  summary: 'Job counts per channel queue (waiting, delayed, active, completed, failed…)',
  access: { kind: 'signed-in', roles: ['admin'], scope: 'platform' },
  responses: { 200: { description: 'counts per queue and state', schema: z.record(z.string(), z.record(z.string(), z.number().int())) }, ...staffProblems },
});

export const unreachableRecipients = defineRoute({
  service,
  operationId: 'unreachableRecipients',
  method: 'get',
  path: '/staff/:m/recipients/unreachable',
  summary: 'Who of the municipality cannot be reached by email (hard bounce), and whether an SMS was sent instead',
  access: coordinatorOfM,
  params: m,
  responses: {
    200: {
      description: 'at most 500 recipients',
      schema: z.object({
        recipients: z.array(z.object({ recipientId: z.string(), name: z.string(), protectedIdentity: z.boolean().optional(), emailBouncedAt: isoDateTime.nullable(), hasMobile: z.boolean(), bounceSmsSentAt: isoDateTime.nullable() })),
      }),
    },
    ...staffProblems,
  },
});

export const sendBroadcast = defineRoute({
  service,
  operationId: 'sendBroadcast',
  method: 'post',
  path: '/staff/:m/broadcasts',
  summary: 'An area message to the recipients of the named groups and areas of the municipality',
  description: 'Answers at once: the messages are written and queued in the background (see the totals). 400 naming `filter` when the groups and areas have no recipients. Urgent SMS pass quiet hours; others wait for morning.',
  access: areaMessageSenderOfM,
  params: m,
  body: broadcastCommand,
  responses: {
    202: { description: 'the broadcast is on its way', schema: z.object({ broadcastId: z.string(), recipients: z.number().int(), messages: z.number().int() }) },
    400: invalid,
    ...staffProblems,
  },
});

export const broadcastTotals = defineRoute({
  service,
  operationId: 'broadcastTotals',
  method: 'get',
  path: '/staff/:m/broadcasts/:id',
  summary: 'A broadcast of the municipality with totals per channel and status (another municipality\'s: 404)',
  access: areaMessageSenderOfM,
  params: z.object({ m: z.string(), id: z.string() }),
  responses: {
    200: {
      description: 'the broadcast',
      schema: z.object({
        id: z.string(),
        subject: z.string(),
        category,
        channels: z.array(channel),
        recipients: z.number().int(),
        messages: z.number().int(),
        createdAt: isoDateTime,
        status: z.enum(['fanning-out', 'fanned-out']),
        totals: z.array(z.object({ channel, status: z.enum(MESSAGE_STATUSES), count: z.number().int() })),
        /** Absent from an older notifications: members, direct. */
        audience: z.enum(BROADCAST_AUDIENCES).optional(),
        delivery: z.enum(BROADCAST_DELIVERIES).optional(),
        /** Recipients who clicked "Jag har läst" (each once), in all and per group they belong to. */
        acknowledgements: z.object({ total: z.number().int(), groups: z.array(z.object({ groupId: z.string(), count: z.number().int() })) }).optional(),
      }),
    },
    ...staffProblems,
    404: notFound,
  },
});

export const previewBroadcast = defineRoute({
  service,
  operationId: 'previewBroadcast',
  method: 'post',
  path: '/staff/:m/broadcasts/preview',
  summary: 'An area message as each channel will show it, in Swedish and English: the email, and the SMS with its encoding and segment count (GSM-7 / UCS-2); and how many recipients it would reach',
  access: areaMessageSenderOfM,
  params: m,
  body: broadcastCommand,
  responses: {
    200: {
      description: 'the rendered message',
      schema: z.object({
        recipients: z.number().int(),
        channels: z.array(channel),
        previews: z.array(
          z.object({
            language: z.enum(['sv', 'en']),
            email: z.object({ subject: z.string(), text: z.string(), html: z.string() }).nullable(),
            sms: z.object({ text: z.string(), encoding: z.enum(['GSM-7', 'UCS-2']), units: z.number().int(), segments: z.number().int() }).nullable(),
          }),
        ),
      }),
    },
    400: invalid,
    ...staffProblems,
  },
});

/** Reach of a broadcast (relay page): whom of a group's households a message was sent or delivered to. */
export const broadcastReachInput = z
  .object({
    municipalityId: z.string().regex(/^[a-z0-9-]{1,60}$/),
    groupId: z.uuid(),
    /** The contact person asking (the web took it from their link): must be an active contact person of the group. */
    contactPersonId: z.uuid(),
    personIds: z.array(z.uuid()).max(500),
  })
  .strict();

export const broadcastReachSchema = z.object({
  broadcast: z.object({ id: z.string(), subject: z.string(), body: z.string(), category, createdAt: isoDateTime, delivery: z.enum(BROADCAST_DELIVERIES) }),
  /**
   * One entry per asked person who is a recipient in the group (others are left out): `reached` — a message was sent
   * or delivered on some channel; `pending` — a message still waits (quiet hours, the queue); `not-reached` — none.
   */
  people: z.array(z.object({ personId: z.string(), reach: z.enum(['reached', 'pending', 'not-reached']) })),
});

export const broadcastReach = defineRoute({
  service,
  operationId: 'broadcastReach',
  method: 'post',
  path: '/internal/broadcasts/:id/reach',
  summary: 'For a contact person\'s relay page: which of their group\'s people an area message reached (yes/no per person)',
  description: '404 when the broadcast is not the municipality\'s, did not go to the group, or the contact person is not an active contact person of the group.',
  access: { kind: 'internal', callers: ['web'], purpose: 'preferences' },
  params: z.object({ id: z.string() }),
  body: broadcastReachInput,
  responses: { 200: { description: 'reach per person', schema: broadcastReachSchema }, 400: invalid, 401: unauthorised, 404: notFound },
});

export const acknowledgeAnswerSchema = z.object({
  municipalityId: z.string(),
  language: z.enum(['sv', 'en']),
  subject: z.string(),
  /** false: the recipient had acknowledged it before (counted once). */
  firstTime: z.boolean(),
});

export const acknowledgeBroadcast = defineRoute({
  service,
  operationId: 'acknowledgeBroadcast',
  method: 'post',
  path: '/internal/acknowledgements/:token',
  summary: 'The "Jag har läst" link of an area message, as the web\'s thank-you page records it: once per recipient and message (a second click changes nothing)',
  access: { kind: 'internal', callers: ['web'], purpose: 'preferences' },
  params: z.object({ token: z.string() }),
  responses: { 200: { description: 'recorded', schema: acknowledgeAnswerSchema }, 401: unauthorised, 404: linkNotFound },
});

export const receiveDeliveryReport = defineRoute({
  service,
  operationId: 'receiveDeliveryReport',
  method: 'post',
  path: '/sms/delivery-reports/:secret',
  summary: 'The SMS provider\'s delivery report (the URL given as `whendelivered`)',
  description: '204 also for an id never sent (the provider retries non-2xx for hours).',
  access: { kind: 'link' },
  params: z.object({ secret: z.string() }),
  body: deliveryReportInput,
  responses: { 204: { description: 'recorded' }, 400: invalid, 401: problem('wrong secret') },
});

export const previewTemplate = defineRoute({
  service,
  operationId: 'previewTemplate',
  method: 'get',
  path: '/preview/:municipality/:template',
  summary: 'Any template rendered with sample data (JSON, or the email\'s HTML with ?format=html)',
  access: { kind: 'public' },
  params: z.object({ municipality: z.string(), template: z.string() }),
  query: previewQuery,
  responses: { 200: { description: 'the rendered template (text/html with format=html)', schema: previewSchema }, 400: invalid, 404: notFound },
});

export const auditRecords = auditRecordsRoute(service);

/** Every HTTP endpoint of the notifications service. */
export const personalData = personalDataRoute(service, 'What notifications holds about a person: recipient, preferences, the delivery log of messages sent to them', notificationsPersonalDataSchema);

export const notificationsRoutes = [
  personalData,
  unsubscribePage,
  unsubscribe,
  preferencesByLink,
  savePreferencesByLink,
  preferencesOfPerson,
  savePreferencesOfPerson,
  requestMobileCode,
  confirmMobileCode,
  searchMessages,
  queueCounts,
  unreachableRecipients,
  sendBroadcast,
  previewBroadcast,
  broadcastTotals,
  broadcastReach,
  acknowledgeBroadcast,
  receiveDeliveryReport,
  previewTemplate,
  auditRecords,
] as const;
