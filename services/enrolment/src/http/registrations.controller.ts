import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { currentCorrelationId } from '@trygg/observability';
import { enrolmentInput } from '@trygg/http-contracts';
import { LimitIdentifiers, stringField } from '@trygg/rate-limits';
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
  // Besides the network (every public route): the email address, the postal address and the mobile number it names.
  @LimitIdentifiers((body) => {
    const address = body['address'] && typeof body['address'] === 'object' ? (body['address'] as Record<string, unknown>) : {};
    const [street, number, postcode] = [stringField(address['street']), stringField(address['number']), stringField(address['postcode'])];
    return { email: stringField(body['email']), mobile: stringField(body['mobile']), address: street && number && postcode ? { street, number, postcode } : null };
  })
  async create(@Body() body: unknown): Promise<{ status: 'submitted' }> {
    const input = parseLocalised(enrolmentInput.registrationInput, body);
    await this.submit.execute(input, currentCorrelationId() ?? 'none');
    return { status: 'submitted' };
  }
}
