import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { z } from 'zod';
import { currentCorrelationId } from '@trygg/observability';
import { municipalityIdInput } from '../application/registration-input';
import { ConfirmRegistration, type ConfirmationResult } from '../application/confirm-registration';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';

const confirmationInput = z
  .object({ municipalityId: municipalityIdInput, token: z.string({ error: 'required' }).min(1, 'required').max(200, 'too_long') })
  .strict();

@Controller('confirmations')
@UseInterceptors(DomainErrorsInterceptor)
export class ConfirmationsController {
  constructor(private readonly confirm: ConfirmRegistration) {}

  /** 200 confirmed (with the placement); 404 token_invalid; 410 token_expired / token_used. */
  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown): Promise<ConfirmationResult> {
    const input = parseLocalised(confirmationInput, body);
    return this.confirm.execute(input, { correlationId: currentCorrelationId() ?? 'none' });
  }
}
