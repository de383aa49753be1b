import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { policeLiaison, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, principalActor, ValidationFailed } from '@trygg/service-kit';
import { HandleObservation, ListObservations, ObservationNotFound, type OfficerContext, ReportObservation, TooManyObservations } from '../application/observations';
import { fileFieldProblems, type Observation, ObservationAlreadyAnswered, ObservationInvalid } from '../domain/observation';

type ShownObservation = ResponseOf<typeof policeLiaison.getObservation, 200>;

/** What the officer sees: everything but the reporter's id and the officer subjects (police-liaison holds no contact details). */
function shown(o: Observation): ShownObservation {
  return {
    id: o.id,
    municipalityId: o.municipalityId,
    policeAreaId: o.policeAreaId,
    groupId: o.groupId,
    areaId: o.areaId,
    occurredAt: o.occurredAt,
    receivedAt: o.receivedAt,
    place: o.place,
    activity: o.activity,
    description: o.description,
    status: o.status,
    readAt: o.readAt,
    answer: o.answer ? { text: o.answer.text, answeredAt: o.answer.answeredAt } : null,
  };
}

function httpError(error: unknown): unknown {
  if (error instanceof ObservationInvalid) return new ValidationFailed(error.fields);
  if (error instanceof ObservationNotFound) return new HttpException({ statusCode: 404, error: 'not_found', message: 'No such observation in your police area' }, HttpStatus.NOT_FOUND);
  if (error instanceof ObservationAlreadyAnswered) return new HttpException({ statusCode: 409, error: 'already_answered', message: error.message }, HttpStatus.CONFLICT);
  if (error instanceof TooManyObservations) {
    return new HttpException({ statusCode: 429, error: 'rate_limited', message: 'Too many observations; try again later', retryAfterSeconds: error.retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
  }
  return error;
}

const observationId = z.uuid('must be an observation id');

/**
 * Observations from neighbourhood-watch groups. `POST /internal/observations`: the web, on behalf of the person of a
 * self-service link (INTERNAL_SECRET_WEB_OBSERVATIONS; the person, group and area come from enrolment's answer for
 * the link). The officer's routes (libs/auth's AccessGuard: police-officer) are scoped by the token's police area:
 * another area's observation is a 404. Every officer action is audited.
 */
@Controller()
export class ObservationsController {
  constructor(
    private readonly report: ReportObservation,
    private readonly list: ListObservations,
    private readonly handle: HandleObservation,
  ) {}

  @Post('internal/observations')
  @HttpCode(201)
  async received(@Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.reportObservation, 201>> {
    // A photo or file field is refused by name before anything else: observations collect none.
    const files = fileFieldProblems(body);
    if (files.length) throw new ValidationFailed(files);
    const input = parseInput(policeLiaison.reportObservation.body, body);
    try {
      const observation = await this.report.execute(input, currentCorrelationId() ?? 'http');
      return { observationId: observation.id, policeAreaId: observation.policeAreaId };
    } catch (error) {
      throw httpError(error);
    }
  }

  @Get('police-areas/:id/observations')
  async ofArea(@CurrentPrincipal() officer: Principal, @Param('id') _areaId: string): Promise<ResponseOf<typeof policeLiaison.areaObservations, 200>> {
    const observations = await this.list.execute(contextOf(officer));
    return { observations: observations.map(shown) };
  }

  @Get('observations/:id')
  async one(@CurrentPrincipal() officer: Principal, @Param('id') id: string): Promise<ShownObservation> {
    parseInput(observationId, id);
    try {
      return shown(await this.handle.show(contextOf(officer), id));
    } catch (error) {
      throw httpError(error);
    }
  }

  @Post('observations/:id/read')
  @HttpCode(200)
  async read(@CurrentPrincipal() officer: Principal, @Param('id') id: string): Promise<ShownObservation> {
    parseInput(observationId, id);
    try {
      return shown(await this.handle.markRead(contextOf(officer), id));
    } catch (error) {
      throw httpError(error);
    }
  }

  @Post('observations/:id/answer')
  @HttpCode(200)
  async answer(@CurrentPrincipal() officer: Principal, @Param('id') id: string, @Body() body: unknown): Promise<ShownObservation> {
    parseInput(observationId, id);
    const { answer } = parseInput(policeLiaison.answerObservation.body, body);
    try {
      return shown(await this.handle.answer(contextOf(officer), id, answer));
    } catch (error) {
      throw httpError(error);
    }
  }
}

/** The officer from the token (a police-officer principal always has a police area: the token verifier checks it). */
function contextOf(officer: Principal): OfficerContext {
  if (!officer.policeAreaId) throw new Error('a police-officer principal without a police area');
  const area = officer.policeAreaId;
  return { actor: principalActor(officer, 'police-officer', area), policeAreaId: area, municipalityIds: officer.municipalityIds, correlationId: currentCorrelationId() ?? 'http' };
}
