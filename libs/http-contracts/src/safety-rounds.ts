import { z } from 'zod';
import { emailSchema } from '@trygg/contracts';
import { personNameInput } from '@trygg/values';
import { defineRoute } from './define-route';
import { invalid, isoDate, isoDateTime, notFound, problem, unauthorised } from './common';

/**
 * Safety rounds (trygghetsronder) and their findings, served by volunteers: the coordinator's routes (scoped to the
 * municipality of the path, which must be the coordinator's own), the participants' and the owners' link routes (the
 * token in the path is the secret; no account), and the public protocol of a held round (no personal data).
 */
const service = 'volunteers';
const staff = { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } } as const;
const link = { kind: 'link' } as const;

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const shortText = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);

export const organisationKindSchema = z.enum(['police', 'housing-company', 'planning-office', 'neighbourhood-watch-group', 'walkers', 'residents']);
export const findingCategorySchema = z.enum(['lighting', 'vegetation', 'vandalism', 'traffic', 'meeting-places', 'positive']);
export const findingStatusSchema = z.enum(['open', 'assigned', 'fixed', 'wont-fix']);
export const roundStatusSchema = z.enum(['planned', 'held', 'followed-up']);

/** An address as written, or a map point (WGS 84) — within Sweden (checked by the service: 400 on `place`). */
export const findingPlaceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('address'), address: shortText(200) }).strict(),
  z.object({ kind: z.literal('point'), lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict(),
]);

// --- requests --------------------------------------------------------------------------------------------

export const planRoundInput = z.object({ district: shortText(200), plannedDate: date, meetingPoint: shortText(200) }).strict();

export const inviteInput = z
  .object({
    name: personNameInput({
      messages: {
        required: 'required',
        too_long: 'at most 100 characters',
        control_characters: 'must not contain line breaks, tabs or control characters',
        looks_like_link: 'must not contain a web address, email address or link',
        invalid_name: 'must contain letters',
      },
    }),
    email: emailSchema,
    organisationKind: organisationKindSchema,
    organisationName: shortText(200).nullable().default(null),
    /** The language of the invitation email notifications sends. */
    language: z.enum(['sv', 'en']).default('sv'),
  })
  .strict();

export const roundStatusInput = z.object({ status: z.enum(['held', 'followed-up']) }).strict();

/** A finding: description 1–2000 characters (trimmed), the organisation responsible for the place. */
export const findingInput = z
  .object({ place: findingPlaceSchema, category: findingCategorySchema, description: shortText(2000), responsibleOrganisation: shortText(200) })
  .strict();

/** Owner and deadline (default: six months after the round). */
export const assignInput = z.object({ ownerEmail: emailSchema, deadline: date.nullable().default(null), language: z.enum(['sv', 'en']).default('sv') }).strict();

export const answerInput = z.object({ answer: z.enum(['yes', 'no']) }).strict();

/** The owner closes the finding: fixed, or won't fix with a reason. */
export const ownerStatusInput = z
  .object({ status: z.enum(['fixed', 'wont-fix']), reason: z.string().trim().max(1000, 'at most 1000 characters').nullable().default(null) })
  .strict()
  .superRefine((v, ctx) => {
    if (v.status === 'wont-fix' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required when the finding will not be fixed' });
  });

// --- answers ---------------------------------------------------------------------------------------------

const roundSummary = z.object({ roundId: z.uuid(), district: z.string(), plannedDate: isoDate, meetingPoint: z.string(), status: roundStatusSchema });
const participantView = z.object({
  participantId: z.uuid(),
  name: z.string(),
  email: z.string(),
  organisationKind: organisationKindSchema,
  organisationName: z.string().nullable(),
  answer: z.enum(['pending', 'yes', 'no']),
  answeredAt: isoDateTime.nullable(),
});
const findingView = z.object({
  findingId: z.uuid(),
  place: findingPlaceSchema,
  category: findingCategorySchema,
  description: z.string(),
  responsibleOrganisation: z.string(),
  status: findingStatusSchema,
  ownerEmail: z.string().nullable(),
  deadline: isoDate,
  wontFixReason: z.string().nullable(),
  recordedAt: isoDateTime,
  /** The photo's type, when the finding has one (`GET /staff/:m/findings/:findingId/photo`). */
  photo: z.enum(['image/jpeg', 'image/png', 'image/webp']).nullable(),
  assignedAt: isoDateTime.nullable(),
  fixedAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
});
const linkAnswer = z.object({ url: z.string(), expiresAt: isoDateTime });
const linkRefused = { 404: problem('token_invalid'), 410: problem('token_expired') } as const;
const ruleBroken = problem('conflict: the round or finding is not in a state that allows it (`error` names the rule)');

// --- coordinator -----------------------------------------------------------------------------------------

export const planRound = defineRoute({
  service,
  operationId: 'planRound',
  method: 'post',
  path: '/staff/:m/rounds',
  summary: 'The coordinator plans a safety round in a district of their municipality',
  access: staff,
  params: z.object({ m: z.string() }),
  body: planRoundInput,
  responses: { 201: { description: 'planned', schema: z.object({ roundId: z.uuid() }) }, 400: invalid, 401: unauthorised, 403: problem('forbidden') },
});

export const listRounds = defineRoute({
  service,
  operationId: 'listRounds',
  method: 'get',
  path: '/staff/:m/rounds',
  summary: 'The municipality’s safety rounds, newest first',
  access: staff,
  params: z.object({ m: z.string() }),
  responses: { 200: { description: 'the rounds', schema: z.object({ rounds: z.array(roundSummary) }) }, 401: unauthorised, 403: problem('forbidden') },
});

export const showRound = defineRoute({
  service,
  operationId: 'showRound',
  method: 'get',
  path: '/staff/:m/rounds/:roundId',
  summary: 'A round with its participants and its findings (with owners and status)',
  access: staff,
  params: z.object({ m: z.string(), roundId: z.uuid() }),
  responses: {
    200: { description: 'the round', schema: roundSummary.extend({ participants: z.array(participantView), findings: z.array(findingView) }) },
    400: invalid,
    401: unauthorised,
    403: problem('forbidden'),
    404: notFound,
  },
});

export const inviteParticipant = defineRoute({
  service,
  operationId: 'inviteRoundParticipant',
  method: 'post',
  path: '/staff/:m/rounds/:roundId/participants',
  summary: 'Invites a participant (police, housing company, planning office, neighbourhood-watch group, walkers, residents); answers their link',
  description: 'The link (to the web\'s participant page) lets the participant answer yes/no and record findings during the round; notifications also mails the participant an invitation with a link of their own (volunteers.round-participant-invited.v1).',
  access: staff,
  params: z.object({ m: z.string(), roundId: z.uuid() }),
  body: inviteInput,
  responses: {
    201: { description: 'invited', schema: z.object({ participantId: z.uuid(), link: linkAnswer }) },
    400: invalid,
    401: unauthorised,
    403: problem('forbidden'),
    404: notFound,
    409: ruleBroken,
  },
});

export const changeRoundStatus = defineRoute({
  service,
  operationId: 'changeRoundStatus',
  method: 'post',
  path: '/staff/:m/rounds/:roundId/status',
  summary: 'planned → held (not before its day) → followed-up',
  access: staff,
  params: z.object({ m: z.string(), roundId: z.uuid() }),
  body: roundStatusInput,
  responses: { 200: { description: 'the round', schema: roundSummary }, 400: invalid, 401: unauthorised, 403: problem('forbidden'), 404: notFound, 409: ruleBroken },
});

export const recordFindingAsCoordinator = defineRoute({
  service,
  operationId: 'recordRoundFinding',
  method: 'post',
  path: '/staff/:m/rounds/:roundId/findings',
  summary: 'The coordinator records a finding of the round',
  access: staff,
  params: z.object({ m: z.string(), roundId: z.uuid() }),
  body: findingInput,
  responses: { 201: { description: 'recorded (open)', schema: z.object({ findingId: z.uuid() }) }, 400: invalid, 401: unauthorised, 403: problem('forbidden'), 404: notFound, 409: ruleBroken },
});

export const assignFinding = defineRoute({
  service,
  operationId: 'assignRoundFinding',
  method: 'post',
  path: '/staff/:m/findings/:findingId/assignment',
  summary: 'Gives a finding an owner and a deadline (default six months after the round); answers the owner’s link',
  access: staff,
  params: z.object({ m: z.string(), findingId: z.uuid() }),
  body: assignInput,
  responses: {
    200: { description: 'assigned', schema: z.object({ findingId: z.uuid(), status: z.literal('assigned'), deadline: isoDate, ownerLink: linkAnswer }) },
    400: invalid,
    401: unauthorised,
    403: problem('forbidden'),
    404: notFound,
    409: ruleBroken,
  },
});

// --- participants' and owners' links ---------------------------------------------------------------------

const participantLinkView = z.object({
  municipalityId: z.string(),
  roundId: z.uuid(),
  district: z.string(),
  plannedDate: isoDate,
  meetingPoint: z.string(),
  status: roundStatusSchema,
  answer: z.enum(['pending', 'yes', 'no']),
  acceptsFindings: z.boolean(),
});

export const showParticipantLink = defineRoute({
  service,
  operationId: 'showRoundParticipantLink',
  method: 'get',
  path: '/round-links/participant/:token',
  summary: 'The round as its participant sees it from their link',
  access: link,
  responses: { 200: { description: 'the round', schema: participantLinkView }, ...linkRefused },
});

export const answerInvitation = defineRoute({
  service,
  operationId: 'answerRoundInvitation',
  method: 'post',
  path: '/round-links/participant/:token/answer',
  summary: 'The participant answers yes or no (while the round is planned)',
  access: link,
  body: answerInput,
  responses: { 200: { description: 'answered', schema: participantLinkView }, 400: invalid, ...linkRefused, 409: ruleBroken },
});

export const recordFindingAsParticipant = defineRoute({
  service,
  operationId: 'recordRoundFindingByLink',
  method: 'post',
  path: '/round-links/participant/:token/findings',
  summary: 'A participant records a finding during the round (from the round\'s day until the follow-up)',
  access: link,
  body: findingInput,
  responses: { 201: { description: 'recorded (open)', schema: z.object({ findingId: z.uuid() }) }, 400: invalid, ...linkRefused, 409: ruleBroken },
});

const ownerLinkView = z.object({
  municipalityId: z.string(),
  roundId: z.uuid(),
  district: z.string(),
  roundDate: isoDate,
  findingId: z.uuid(),
  place: findingPlaceSchema,
  category: findingCategorySchema,
  description: z.string(),
  responsibleOrganisation: z.string(),
  status: findingStatusSchema,
  deadline: isoDate,
  wontFixReason: z.string().nullable(),
});

export const showOwnerLink = defineRoute({
  service,
  operationId: 'showFindingOwnerLink',
  method: 'get',
  path: '/round-links/owner/:token',
  summary: 'The finding as its owner sees it from their link (no account)',
  access: link,
  responses: { 200: { description: 'the finding', schema: ownerLinkView }, ...linkRefused },
});

export const closeFindingByOwner = defineRoute({
  service,
  operationId: 'closeFindingByOwner',
  method: 'post',
  path: '/round-links/owner/:token/status',
  summary: 'The owner marks the finding fixed, or won’t fix with a reason',
  access: link,
  body: ownerStatusInput,
  responses: { 200: { description: 'the finding', schema: ownerLinkView }, 400: invalid, ...linkRefused, 409: ruleBroken },
});

// --- public protocol -------------------------------------------------------------------------------------

const protocolFinding = z.object({
  findingId: z.uuid(),
  place: findingPlaceSchema,
  category: findingCategorySchema,
  description: z.string(),
  responsibleOrganisation: z.string(),
  status: findingStatusSchema,
  deadline: isoDate,
  fixedOn: isoDate.nullable(),
  /** Days from the round's day to the fix. */
  daysToFix: z.number().int().nullable(),
  wontFixReason: z.string().nullable(),
});

export const protocolSchema = z.object({
  municipalityId: z.string(),
  roundId: z.uuid(),
  district: z.string(),
  plannedDate: isoDate,
  status: roundStatusSchema,
  /** The neighbourhood-watch groups that took part (names of groups, never people). */
  groups: z.array(z.string()),
  counts: z.object({ findings: z.number().int(), open: z.number().int(), assigned: z.number().int(), fixed: z.number().int(), wontFix: z.number().int() }),
  /** The median of `daysToFix` over the fixed findings; null when none is fixed. */
  medianDaysToFix: z.number().nullable(),
  findings: z.array(protocolFinding),
});

export const showProtocol = defineRoute({
  service,
  operationId: 'showRoundProtocol',
  method: 'get',
  path: '/rounds/:m/:roundId/protocol',
  summary: 'The public protocol of a held round: what was found, what was fixed and how fast, which groups took part (no personal data)',
  access: { kind: 'public' },
  params: z.object({ m: z.string(), roundId: z.string() }),
  responses: { 200: { description: 'the protocol', schema: protocolSchema }, 404: problem('not_found (unknown, another municipality\'s, or not yet held)') },
});

// --- photos --------------------------------------------------------------------------------------------

const photoDescription =
  'The body is the image itself (`content-type: image/jpeg`, `image/png` or `image/webp`; no JSON), at most 5 MB (5242880 bytes). The type is told by the file\'s own first bytes; metadata (EXIF, XMP, text chunks) is removed before it is stored. A later photo replaces the earlier one.';
const photoAnswer = z.object({ findingId: z.uuid(), type: z.enum(['image/jpeg', 'image/png', 'image/webp']), size: z.number().int() });
const photoInvalid = problem('validation_failed: not a JPEG, PNG or WebP image, a broken one, or larger than 5 MB (the message names the limit)');

export const addPhotoAsParticipant = defineRoute({
  service,
  operationId: 'addFindingPhotoByLink',
  method: 'put',
  path: '/round-links/participant/:token/findings/:findingId/photo',
  summary: 'A participant adds a photo to a finding of their round',
  description: photoDescription,
  access: link,
  params: z.object({ token: z.string(), findingId: z.uuid() }),
  responses: { 200: { description: 'stored without metadata', schema: photoAnswer }, 400: photoInvalid, ...linkRefused, 409: ruleBroken },
});

export const addPhotoAsCoordinator = defineRoute({
  service,
  operationId: 'addFindingPhoto',
  method: 'put',
  path: '/staff/:m/findings/:findingId/photo',
  summary: 'The coordinator adds a photo to a finding',
  description: photoDescription,
  access: staff,
  params: z.object({ m: z.string(), findingId: z.uuid() }),
  responses: { 200: { description: 'stored without metadata', schema: photoAnswer }, 400: photoInvalid, 401: unauthorised, 403: problem('forbidden'), 404: notFound, 409: ruleBroken },
});

export const showPhoto = defineRoute({
  service,
  operationId: 'showFindingPhoto',
  method: 'get',
  path: '/staff/:m/findings/:findingId/photo',
  summary: 'A finding\'s photo (without metadata) for the coordinator; photos are never on the public protocol (they may show people)',
  access: staff,
  params: z.object({ m: z.string(), findingId: z.uuid() }),
  responses: { 200: { description: 'the image', contentType: 'image/*' }, 400: invalid, 401: unauthorised, 403: problem('forbidden'), 404: notFound },
});

// --- links for notifications ----------------------------------------------------------------------------

/** Notifications asks for a link when it mails a participant their invitation or an owner their finding. */
export const roundLinkInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('round-participant'), municipalityId: z.string().min(1), roundId: z.uuid(), participantId: z.uuid() }).strict(),
  /** `assignedAt`: the assignment the email tells of; a link is issued only while it is the finding's current one. */
  z.object({ kind: z.literal('finding-owner'), municipalityId: z.string().min(1), findingId: z.uuid(), assignedAt: isoDateTime }).strict(),
]);

export const issueRoundLink = defineRoute({
  service,
  operationId: 'issueRoundLink',
  method: 'post',
  path: '/internal/round-links',
  summary: 'A fresh link for notifications to put in a round\'s email: a participant\'s answer link, or a finding owner\'s update link',
  description: 'A fresh random token per call (only its sha256 is stored), expiring as the links the coordinator gets (participant: 60 days after the round\'s day; owner: 90 days after the deadline).',
  access: { kind: 'internal', callers: ['notifications'], purpose: 'self-service-links' },
  body: roundLinkInput,
  responses: {
    200: { description: 'the link and when it expires', schema: linkAnswer },
    400: invalid,
    401: unauthorised,
    404: problem('not_found: no such round, participant or finding in the municipality'),
    409: problem('reassigned (the finding has another owner since), finding_closed (fixed or won\'t fix already)'),
  },
});

export const safetyRoundRoutes = [
  issueRoundLink,
  planRound,
  listRounds,
  showRound,
  inviteParticipant,
  changeRoundStatus,
  recordFindingAsCoordinator,
  assignFinding,
  showParticipantLink,
  answerInvitation,
  recordFindingAsParticipant,
  showOwnerLink,
  closeFindingByOwner,
  showProtocol,
  addPhotoAsParticipant,
  addPhotoAsCoordinator,
  showPhoto,
] as const;
