import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { currentCorrelationId } from '@trygg/observability';
import { enrolmentInput } from '@trygg/http-contracts';
import { SubmitRegistration } from '../application/submit-registration';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';

@Controller('registrations')
@UseInterceptors(DomainErrorsInterceptor)
export class RegistrationsController {
  constructor(private readonly submit: SubmitRegistration) {}

  /**
   * 202 `{ status: 'submitted' }` whether the registration is new, a repeat (confirmation re-sent) or already
   * confirmed: the answer never tells whether an email is known.
   */
  @Post()
  @HttpCode(202)
  async create(@Body() body: unknown): Promise<{ status: 'submitted' }> {
    const input = parseLocalised(enrolmentInput.registrationInput, body);
    await this.submit.execute(input, currentCorrelationId() ?? 'none');
    return { status: 'submitted' };
  }
}
