import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { enrolmentInput } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { ConfirmEmailChange } from '../application/confirm-email-change';
import type { Language } from '../domain/registration';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';

/** The link sent to a new email address (`POST /email-changes` {municipalityId, token}): the new address takes effect. */
@Controller('email-changes')
@UseInterceptors(DomainErrorsInterceptor)
export class EmailChangesController {
  constructor(private readonly confirm: ConfirmEmailChange) {}

  /** 200 changed; 404 token_invalid; 410 token_expired / token_used; 409 duplicate_registration. */
  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown): Promise<{ status: 'changed'; language: Language }> {
    const input = parseLocalised(enrolmentInput.confirmationInput, body);
    return this.confirm.execute(input, { correlationId: currentCorrelationId() ?? 'none' });
  }
}
