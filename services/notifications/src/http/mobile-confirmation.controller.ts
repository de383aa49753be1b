import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, HttpException, HttpStatus, Param, Post, Query } from '@nestjs/common';
import type { z } from 'zod';
import { notifications } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput } from '@trygg/service-kit';
import { ConfirmMobileCode } from '../application/confirm-mobile-code';
import { RequestMobileCode } from '../application/request-mobile-code';

const notFound = () => new HttpException({ statusCode: 404, error: 'not_found', message: 'unknown person' }, HttpStatus.NOT_FOUND);
const PERSON_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * "Bekräfta ditt mobilnummer", for the web only (internal, the web's preferences secret): the web calls it for the
 * person whose expiring email link it opened (self-service), by person id, like the preferences of a person.
 */
@Controller('internal/recipients')
export class MobileConfirmationController {
  constructor(
    private readonly requestCode: RequestMobileCode,
    private readonly confirmCode: ConfirmMobileCode,
  ) {}

  /** A code by SMS to the person's current mobile number (at most 3 a day per number). */
  @Post(':personId/mobile-code')
  @HttpCode(200)
  async request(@Param('personId') personId: string, @Query() query: unknown): Promise<z.output<typeof notifications.mobileCodeRequestSchema>> {
    const { municipalityId } = parseInput(notifications.personPreferencesQuery, query);
    if (!PERSON_ID.test(personId)) throw notFound();
    const result = await this.requestCode.execute(municipalityId, personId, currentCorrelationId() ?? randomUUID());
    if (!result) throw notFound();
    return result.sent ? { sent: true, expiresAt: result.expiresAt.toISOString() } : result;
  }

  /** The code typed back: confirmed, wrong (with the attempts left), expired, void after too many wrong answers. */
  @Post(':personId/mobile-confirmation')
  @HttpCode(200)
  async confirm(@Param('personId') personId: string, @Query() query: unknown, @Body() body: unknown): Promise<z.output<typeof notifications.mobileCodeAnswerSchema>> {
    const { municipalityId } = parseInput(notifications.personPreferencesQuery, query);
    const { code } = parseInput(notifications.mobileCodeInput, body);
    if (!PERSON_ID.test(personId)) throw notFound();
    const result = await this.confirmCode.execute(municipalityId, personId, code, currentCorrelationId() ?? randomUUID());
    if (!result) throw notFound();
    return result;
  }
}
