import { Body, Controller, HttpCode, HttpException, HttpStatus, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { type ResponseOf, volunteers } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, ValidationFailed } from '@trygg/service-kit';
import { EraseVolunteer } from '../application/erase-volunteer';
import type { StaffActor } from '../application/ports';
import { ImplausibleBirthYear, MobileCountryRefused, SignUp, UnknownMunicipality } from '../application/sign-up';

/**
 * The walker's sign-up (public) and the staff's erasure of a walker. Access is libs/auth's AccessGuard (the route
 * contracts): the erasure needs a signed-in coordinator, and is scoped by the coordinator's municipality from the
 * token, so another municipality's walker is a 404.
 */
@Controller()
export class VolunteersController {
  constructor(
    private readonly signUpVolunteer: SignUp,
    private readonly eraseVolunteer: EraseVolunteer,
  ) {}

  /** 202: recorded; the municipality's onboarding (age check, meetings, agreement) starts from the event. */
  @Post('volunteers')
  @HttpCode(202)
  async signUp(@Body() body: unknown): Promise<ResponseOf<typeof volunteers.signUp, 202>> {
    const command = parseInput(volunteers.signUp.body, body);
    try {
      const volunteer = await this.signUpVolunteer.execute(command, currentCorrelationId() ?? 'none');
      return { volunteerId: volunteer.id, status: volunteer.status };
    } catch (error) {
      if (error instanceof UnknownMunicipality) throw new ValidationFailed([{ field: 'municipalityId', message: 'unknown municipality' }]);
      if (error instanceof MobileCountryRefused) throw new ValidationFailed([{ field: 'mobile', message: 'must be a mobile number of a country the municipality allows (Sweden unless it says otherwise)' }]);
      if (error instanceof ImplausibleBirthYear) throw new ValidationFailed([{ field: 'birthYear', message: 'must be a year of birth' }]);
      throw error;
    }
  }

  /** A coordinator erases a walker of their own municipality (on the walker's request or by the retention rules). Idempotent, audited. */
  @Post('staff/volunteers/:volunteerId/erasure')
  @HttpCode(200)
  async erase(@CurrentPrincipal() coordinator: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof volunteers.eraseVolunteer, 200>> {
    const { volunteerId } = parseInput(volunteers.eraseVolunteer.params, params);
    const { reason } = parseInput(volunteers.eraseVolunteer.body, body);
    const result = await this.eraseVolunteer.execute(actorOf(coordinator), volunteerId, reason, currentCorrelationId() ?? 'none');
    // Another municipality's walker is as unknown as a walker that never existed.
    if (result === 'not-found') throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No such volunteer' }, HttpStatus.NOT_FOUND);
    return { volunteerId, status: 'erased' };
  }
}

/** The coordinator as the audit names them, acting in their own municipality (a staff principal always has one). */
function actorOf(coordinator: Principal): StaffActor {
  if (!coordinator.municipalityId) throw new Error('a coordinator principal without a municipality');
  return { subject: coordinator.subject, name: coordinator.name, role: 'coordinator', scope: coordinator.municipalityId };
}
