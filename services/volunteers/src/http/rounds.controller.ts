import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { type ResponseOf, safetyRounds } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, ValidationFailed } from '@trygg/service-kit';
import type { StaffActor } from '../application/ports';
import { FindingNotFound, LinkNotIssued, RoundLinkRefused, RoundNotFound } from '../application/round-errors';
import { RoundLinkActions, type ParticipantView } from '../application/round-links';
import { ShowRoundProtocol } from '../application/round-protocol';
import { SafetyRounds } from '../application/safety-rounds';
import { type Finding, FindingRuleBroken } from '../domain/finding';
import { PHOTO_MAX_BYTES, PhotoRefused } from '../domain/photo';
import { type Round, RoundRuleBroken } from '../domain/round';

const correlation = () => currentCorrelationId() ?? 'none';

/**
 * Safety rounds (trygghetsronder) and their findings: the coordinator's routes (the path's municipality is checked
 * against the token by the AccessGuard; every query is scoped by it), the participants' and owners' link routes,
 * and the public protocol of a held round.
 */
@Controller()
export class RoundsController {
  constructor(
    private readonly rounds: SafetyRounds,
    private readonly linkActions: RoundLinkActions,
    private readonly protocol: ShowRoundProtocol,
  ) {}

  /** Notifications asks for the link of an invitation or an owner's email at send time (a fresh token per call). */
  @Post('internal/round-links')
  @HttpCode(200)
  async issueLink(@Body() body: unknown): Promise<ResponseOf<typeof safetyRounds.issueRoundLink, 200>> {
    const input = parseInput(safetyRounds.issueRoundLink.body, body);
    try {
      return input.kind === 'round-participant'
        ? await this.rounds.participantLink(input.municipalityId, input.roundId, input.participantId)
        : await this.rounds.ownerLink(input.municipalityId, input.findingId, input.assignedAt);
    } catch (error) {
      if (error instanceof LinkNotIssued) {
        const status = error.code === 'not_found' ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
        throw new HttpException({ statusCode: status, error: error.code, message: 'No link can be issued for it' }, status);
      }
      throw error;
    }
  }

  @Post('staff/:m/rounds')
  @HttpCode(201)
  async plan(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof safetyRounds.planRound, 201>> {
    const { m } = parseInput(safetyRounds.planRound.params, params);
    const input = parseInput(safetyRounds.planRound.body, body);
    const round = await refusalsAnswered(() => this.rounds.plan(actorOf(principal, m), input, correlation()));
    return { roundId: round.id };
  }

  @Get('staff/:m/rounds')
  async list(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<ResponseOf<typeof safetyRounds.listRounds, 200>> {
    const { m } = parseInput(safetyRounds.listRounds.params, params);
    return { rounds: (await this.rounds.list(actorOf(principal, m))).map(summaryOf) };
  }

  @Get('staff/:m/rounds/:roundId')
  async show(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<ResponseOf<typeof safetyRounds.showRound, 200>> {
    const { m, roundId } = parseInput(safetyRounds.showRound.params, params);
    const { round, findings } = await refusalsAnswered(() => this.rounds.show(actorOf(principal, m), roundId));
    return {
      ...summaryOf(round),
      participants: round.participants.map((p) => ({ participantId: p.id, name: p.name, email: p.email, organisationKind: p.organisationKind, organisationName: p.organisationName, answer: p.answer, answeredAt: p.answeredAt })),
      findings: findings.map(staffFindingOf),
    };
  }

  @Post('staff/:m/rounds/:roundId/participants')
  @HttpCode(201)
  async invite(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof safetyRounds.inviteParticipant, 201>> {
    const { m, roundId } = parseInput(safetyRounds.inviteParticipant.params, params);
    const input = parseInput(safetyRounds.inviteParticipant.body, body);
    return refusalsAnswered(() => this.rounds.invite(actorOf(principal, m), roundId, input, correlation()));
  }

  @Post('staff/:m/rounds/:roundId/status')
  @HttpCode(200)
  async changeStatus(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof safetyRounds.changeRoundStatus, 200>> {
    const { m, roundId } = parseInput(safetyRounds.changeRoundStatus.params, params);
    const { status } = parseInput(safetyRounds.changeRoundStatus.body, body);
    return summaryOf(await refusalsAnswered(() => this.rounds.changeStatus(actorOf(principal, m), roundId, status, correlation())));
  }

  @Post('staff/:m/rounds/:roundId/findings')
  @HttpCode(201)
  async recordFinding(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof safetyRounds.recordFindingAsCoordinator, 201>> {
    const { m, roundId } = parseInput(safetyRounds.recordFindingAsCoordinator.params, params);
    const input = parseInput(safetyRounds.recordFindingAsCoordinator.body, body);
    const finding = await refusalsAnswered(() => this.rounds.recordFinding(actorOf(principal, m), roundId, input, correlation()));
    return { findingId: finding.id };
  }

  @Post('staff/:m/findings/:findingId/assignment')
  @HttpCode(200)
  async assign(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof safetyRounds.assignFinding, 200>> {
    const { m, findingId } = parseInput(safetyRounds.assignFinding.params, params);
    const { ownerEmail, deadline, language } = parseInput(safetyRounds.assignFinding.body, body);
    const { finding, ownerLink } = await refusalsAnswered(() => this.rounds.assign(actorOf(principal, m), findingId, ownerEmail, deadline, correlation(), language));
    return { findingId: finding.id, status: 'assigned', deadline: finding.deadline, ownerLink };
  }

  @Get('round-links/participant/:token')
  async participant(@Param('token') token: string): Promise<ResponseOf<typeof safetyRounds.showParticipantLink, 200>> {
    return participantViewOf(await refusalsAnswered(() => this.linkActions.participant(token)));
  }

  @Post('round-links/participant/:token/answer')
  @HttpCode(200)
  async answer(@Param('token') token: string, @Body() body: unknown): Promise<ResponseOf<typeof safetyRounds.answerInvitation, 200>> {
    const { answer } = parseInput(safetyRounds.answerInvitation.body, body);
    return participantViewOf(await refusalsAnswered(() => this.linkActions.answer(token, answer, correlation())));
  }

  @Post('round-links/participant/:token/findings')
  @HttpCode(201)
  async recordFindingByLink(@Param('token') token: string, @Body() body: unknown): Promise<ResponseOf<typeof safetyRounds.recordFindingAsParticipant, 201>> {
    const input = parseInput(safetyRounds.recordFindingAsParticipant.body, body);
    const finding = await refusalsAnswered(() => this.linkActions.recordFinding(token, input, correlation()));
    return { findingId: finding.id };
  }

  @Get('round-links/owner/:token')
  async owner(@Param('token') token: string): Promise<ResponseOf<typeof safetyRounds.showOwnerLink, 200>> {
    const { finding, round } = await refusalsAnswered(() => this.linkActions.owner(token));
    return ownerViewOf(finding, round);
  }

  @Post('round-links/owner/:token/status')
  @HttpCode(200)
  async close(@Param('token') token: string, @Body() body: unknown): Promise<ResponseOf<typeof safetyRounds.closeFindingByOwner, 200>> {
    const { status, reason } = parseInput(safetyRounds.closeFindingByOwner.body, body);
    const { finding, round } = await refusalsAnswered(() => this.linkActions.close(token, status, reason, correlation()));
    return ownerViewOf(finding, round);
  }

  @Put('round-links/participant/:token/findings/:findingId/photo')
  async addPhotoByLink(@Param() params: unknown, @Req() req: Request): Promise<ResponseOf<typeof safetyRounds.addPhotoAsParticipant, 200>> {
    const { token, findingId } = parseInput(safetyRounds.addPhotoAsParticipant.params, params);
    const upload = await imageBody(req);
    const finding = await refusalsAnswered(() => this.linkActions.addPhoto(token, findingId, upload, correlation()));
    return photoAnswerOf(finding);
  }

  @Put('staff/:m/findings/:findingId/photo')
  async addPhoto(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Req() req: Request): Promise<ResponseOf<typeof safetyRounds.addPhotoAsCoordinator, 200>> {
    const { m, findingId } = parseInput(safetyRounds.addPhotoAsCoordinator.params, params);
    const upload = await imageBody(req);
    const finding = await refusalsAnswered(() => this.rounds.addPhoto(actorOf(principal, m), findingId, upload, correlation()));
    return photoAnswerOf(finding);
  }

  @Get('staff/:m/findings/:findingId/photo')
  async photo(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Res() res: Response): Promise<void> {
    const { m, findingId } = parseInput(safetyRounds.showPhoto.params, params);
    const photo = await refusalsAnswered(() => this.rounds.photo(actorOf(principal, m), findingId));
    res.setHeader('content-type', photo.type);
    res.setHeader('cache-control', 'private, no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    res.status(200).send(photo.bytes);
  }

  @Get('rounds/:m/:roundId/protocol')
  async showProtocol(@Param() params: unknown): Promise<ResponseOf<typeof safetyRounds.showProtocol, 200>> {
    const { m, roundId } = parseInput(safetyRounds.showProtocol.params, params);
    const protocol = /^[0-9a-f-]{36}$/.test(roundId) ? await this.protocol.execute(m, roundId) : null;
    if (!protocol) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No such protocol' }, HttpStatus.NOT_FOUND);
    return protocol;
  }
}

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const LIMIT_TEXT = `at most ${PHOTO_MAX_BYTES / 1024 / 1024} MB (${PHOTO_MAX_BYTES} bytes)`;

/**
 * The request's body as bytes: an image upload (content-type image/jpeg, image/png or image/webp; the JSON parser
 * leaves such a body unread), read up to the limit and refused beyond it without reading the rest.
 */
async function imageBody(req: Request): Promise<Buffer> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!IMAGE_TYPES.includes(type)) throw new ValidationFailed([{ field: 'photo', message: `must be a JPEG, PNG or WebP image (content-type image/jpeg, image/png or image/webp), ${LIMIT_TEXT}` }]);
  if (Number(req.headers['content-length'] ?? 0) > PHOTO_MAX_BYTES) throw new ValidationFailed([{ field: 'photo', message: `too large: ${LIMIT_TEXT}` }]);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > PHOTO_MAX_BYTES) {
      req.unpipe();
      throw new ValidationFailed([{ field: 'photo', message: `too large: ${LIMIT_TEXT}` }]);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function photoAnswerOf(finding: Finding) {
  if (!finding.photo) throw new Error('a finding without the photo just added');
  return { findingId: finding.id, type: finding.photo.type, size: finding.photo.size };
}

/** The coordinator acting in the municipality of the path (the AccessGuard checked it is theirs). */
function actorOf(principal: Principal, municipalityId: string): StaffActor {
  return { subject: principal.subject, name: principal.name, role: 'coordinator', scope: municipalityId };
}

/** Refusals of the rules as answers: bad values are a 400 naming the field, moves the state does not allow a 409. */
async function refusalsAnswered<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RoundNotFound || error instanceof FindingNotFound) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'Not found' }, HttpStatus.NOT_FOUND);
    if (error instanceof RoundLinkRefused) {
      const status = error.code === 'token_invalid' ? HttpStatus.NOT_FOUND : HttpStatus.GONE;
      throw new HttpException({ statusCode: status, error: error.code, message: 'The link cannot be used' }, status);
    }
    if (error instanceof PhotoRefused) {
      const message = { 'not-an-image': `must be a JPEG, PNG or WebP image, ${LIMIT_TEXT}`, 'too-large': `too large: ${LIMIT_TEXT}`, malformed: 'is not a readable JPEG, PNG or WebP image' }[error.refusal];
      throw new ValidationFailed([{ field: 'photo', message }]);
    }
    if (error instanceof FindingRuleBroken || error instanceof RoundRuleBroken) {
      const field = FIELD_OF[error.refusal];
      if (field) throw new ValidationFailed([{ field: field[0], message: field[1] }]);
      throw new HttpException({ statusCode: 409, error: error.refusal, message: 'Not allowed in the current state' }, HttpStatus.CONFLICT);
    }
    throw error;
  }
}

const FIELD_OF: Partial<Record<string, [string, string]>> = {
  'place-outside-sweden': ['place', 'must be a place in Sweden'],
  'description-empty': ['description', 'required'],
  'description-too-long': ['description', 'at most 2000 characters'],
  'reason-required': ['reason', 'required when the finding will not be fixed'],
  'reason-too-long': ['reason', 'at most 1000 characters'],
  'invalid-deadline': ['deadline', 'must be a date on or after the round'],
  'invalid-date': ['plannedDate', 'must be a date YYYY-MM-DD'],
  'organisation-name-required': ['organisationName', 'required for a neighbourhood-watch group'],
};

function summaryOf(round: Round) {
  return { roundId: round.id, district: round.district, plannedDate: round.plannedDate, meetingPoint: round.meetingPoint, status: round.status };
}

function staffFindingOf(f: Finding) {
  return {
    findingId: f.id,
    place: f.place,
    category: f.category,
    description: f.description,
    responsibleOrganisation: f.responsibleOrganisation,
    status: f.status,
    ownerEmail: f.ownerEmail,
    deadline: f.deadline,
    wontFixReason: f.wontFixReason,
    recordedAt: f.recordedAt,
    photo: f.photo?.type ?? null,
    assignedAt: f.assignedAt,
    fixedAt: f.fixedAt,
    closedAt: f.closedAt,
  };
}

function participantViewOf(view: ParticipantView) {
  const { round } = view;
  return { municipalityId: round.municipalityId, roundId: round.id, district: round.district, plannedDate: round.plannedDate, meetingPoint: round.meetingPoint, status: round.status, answer: view.answer, acceptsFindings: view.acceptsFindings };
}

function ownerViewOf(finding: Finding, round: Round) {
  return {
    municipalityId: round.municipalityId,
    roundId: round.id,
    district: round.district,
    roundDate: finding.roundDate,
    findingId: finding.id,
    place: finding.place,
    category: finding.category,
    description: finding.description,
    responsibleOrganisation: finding.responsibleOrganisation,
    status: finding.status,
    deadline: finding.deadline,
    wontFixReason: finding.wontFixReason,
  };
}
