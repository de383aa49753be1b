import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { enrolmentInput } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { ConfirmRegistration, type ConfirmationResult } from '../application/confirm-registration';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';


@Controller('confirmations')
@UseInterceptors(DomainErrorsInterceptor)
export class ConfirmationsController {
  constructor(private readonly confirm: ConfirmRegistration) {}

  /** 200 confirmed (with the placement); 404 token_invalid; 410 token_expired / token_used. */
  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown): Promise<ConfirmationResult> {
    const input = parseLocalised(enrolmentInput.confirmationInput, body);
    return this.confirm.execute(input, { correlationId: currentCorrelationId() ?? 'none' });
  }
}
