import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, ValidationFailed } from '@trygg/service-kit';
import { SubmitRegistration, submitRegistrationCommand, UnknownMunicipality } from '../application/submit-registration';

@Controller('registrations')
export class RegistrationsController {
  constructor(private readonly submit: SubmitRegistration) {}

  /**
   * 202: accepted and stored; the confirmation email follows. The answer is the same whether or not the
   * email is already known, so the endpoint reveals nothing about who is registered.
   */
  @Post()
  @HttpCode(202)
  async create(@Body() body: unknown): Promise<{ registrationId: string; status: string }> {
    const command = parseInput(submitRegistrationCommand, body);
    try {
      const registration = await this.submit.execute(command, currentCorrelationId() ?? 'none');
      return { registrationId: registration.id, status: registration.status };
    } catch (error) {
      if (error instanceof UnknownMunicipality) {
        throw new ValidationFailed([{ field: 'municipalityId', message: 'unknown municipality' }]);
      }
      throw error;
    }
  }
}
