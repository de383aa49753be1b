import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, ValidationFailed } from '@trygg/service-kit';
import { ImplausibleBirthYear, signUpCommand, UnknownMunicipality, Volunteers } from '../application/volunteers';

@Controller('volunteers')
export class VolunteersController {
  constructor(private readonly volunteers: Volunteers) {}

  /** 202: recorded; the municipality's onboarding (age check, meetings, agreement) starts from the event. */
  @Post()
  @HttpCode(202)
  async signUp(@Body() body: unknown): Promise<{ volunteerId: string; status: string }> {
    const command = parseInput(signUpCommand, body);
    try {
      const volunteer = await this.volunteers.signUp(command, currentCorrelationId() ?? 'none');
      return { volunteerId: volunteer.id, status: volunteer.status };
    } catch (error) {
      if (error instanceof UnknownMunicipality) throw new ValidationFailed([{ field: 'municipalityId', message: 'unknown municipality' }]);
      if (error instanceof ImplausibleBirthYear) throw new ValidationFailed([{ field: 'birthYear', message: 'must be a year of birth' }]);
      throw error;
    }
  }
}
