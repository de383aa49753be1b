import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { policeLiaison, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, principalActor, ValidationFailed } from '@trygg/service-kit';
import { ListAreaMessages, MunicipalityNotInArea, RequestAreaMessage } from '../application/area-messages';
import type { OfficerContext } from '../application/observations';
import { type AreaMessage, AreaMessageInvalid } from '../domain/area-message';

type ShownAreaMessage = ResponseOf<typeof policeLiaison.areaMessages, 200>['messages'][number];

function shown(m: AreaMessage): ShownAreaMessage {
  return {
    id: m.id,
    municipalityId: m.municipalityId,
    policeAreaId: m.policeAreaId,
    subject: m.subject,
    body: m.body,
    category: m.category,
    channels: m.channels,
    areaIds: m.areaIds,
    groupIds: m.groupIds,
    // Requests stored before the audience and the relay existed went to the members directly.
    audience: m.audience ?? 'members',
    delivery: m.delivery ?? 'direct',
    requestedBy: m.requestedBy.name,
    requestedAt: m.requestedAt,
  };
}

function httpError(error: unknown): unknown {
  if (error instanceof AreaMessageInvalid) return new ValidationFailed(error.fields);
  if (error instanceof MunicipalityNotInArea) {
    return new HttpException({ statusCode: 404, error: 'not_found', message: 'No such municipality in your police area' }, HttpStatus.NOT_FOUND);
  }
  return error;
}

/**
 * The officer's area messages (libs/auth's AccessGuard: a police-officer of the path's police area, 403 for another).
 * The officer, their police area and its municipalities come from the token, never from the body. `POST` answers
 * 202 at once with the message id: notifications sends it as the broadcast with that id.
 */
@Controller('police-areas/:id')
export class AreaMessagesController {
  constructor(
    private readonly request: RequestAreaMessage,
    private readonly list: ListAreaMessages,
  ) {}

  @Post('area-messages')
  @HttpCode(202)
  async requested(@CurrentPrincipal() officer: Principal, @Param('id') _areaId: string, @Body() body: unknown): Promise<ResponseOf<typeof policeLiaison.requestAreaMessage, 202>> {
    const input = parseInput(policeLiaison.requestAreaMessage.body, body);
    try {
      const message = await this.request.execute(contextOf(officer), input);
      return { messageId: message.id };
    } catch (error) {
      throw httpError(error);
    }
  }

  @Get('area-messages')
  async ofArea(@CurrentPrincipal() officer: Principal, @Param('id') _areaId: string): Promise<ResponseOf<typeof policeLiaison.areaMessages, 200>> {
    return { messages: (await this.list.execute(contextOf(officer))).map(shown) };
  }

  @Get('area-message-targets')
  async targets(@CurrentPrincipal() officer: Principal, @Param('id') _areaId: string): Promise<ResponseOf<typeof policeLiaison.areaMessageTargets, 200>> {
    return { municipalities: await this.list.targetsOf(contextOf(officer)) };
  }
}

/** The officer from the token (a police-officer principal always has a police area: the token verifier checks it). */
function contextOf(officer: Principal): OfficerContext {
  if (!officer.policeAreaId) throw new Error('a police-officer principal without a police area');
  const area = officer.policeAreaId;
  return { actor: principalActor(officer, 'police-officer', area), policeAreaId: area, municipalityIds: officer.municipalityIds, correlationId: currentCorrelationId() ?? 'http' };
}
