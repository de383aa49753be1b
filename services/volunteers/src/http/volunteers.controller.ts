import { Body, Controller, Headers, HttpCode, HttpException, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { type ResponseOf, volunteers } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { DEV_STAFF_HEADER, DEV_STAFF_ID_HEADER, devStaffAccess, parseInput, type StaffGuardMode, ValidationFailed } from '@trygg/service-kit';
import { EraseVolunteer } from '../application/erase-volunteer';
import { KNOWN_MUNICIPALITIES, type KnownMunicipalities } from '../application/ports';
import { ImplausibleBirthYear, SignUp, UnknownMunicipality } from '../application/sign-up';

/** DI token of the development staff guard's mode (`devStaffAccess` of @trygg/service-kit), from STAFF_DEV_GUARD. */
export const STAFF_DEV_GUARD = Symbol('STAFF_DEV_GUARD');

/** The walker's sign-up and the staff's erasure of a walker. */
@Controller()
export class VolunteersController {
  constructor(
    private readonly signUpVolunteer: SignUp,
    private readonly eraseVolunteer: EraseVolunteer,
    @Inject(STAFF_DEV_GUARD) private readonly guard: StaffGuardMode,
    @Inject(KNOWN_MUNICIPALITIES) private readonly municipalities: KnownMunicipalities,
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
      if (error instanceof ImplausibleBirthYear) throw new ValidationFailed([{ field: 'birthYear', message: 'must be a year of birth' }]);
      throw error;
    }
  }

  /** Staff erase a walker of their own municipality (on the walker's request or by the retention rules). Idempotent. */
  @Post('staff/volunteers/:volunteerId/erasure')
  @HttpCode(200)
  async erase(
    @Headers(DEV_STAFF_HEADER) municipality: string | undefined,
    @Headers(DEV_STAFF_ID_HEADER) staffId: string | undefined,
    @Param() params: unknown,
    @Body() body: unknown,
  ): Promise<ResponseOf<typeof volunteers.eraseVolunteer, 200>> {
    const staff = devStaffAccess(this.guard, municipality, (id) => this.municipalities.exists(id), staffId);
    const { volunteerId } = parseInput(volunteers.eraseVolunteer.params, params);
    const { reason } = parseInput(volunteers.eraseVolunteer.body, body);
    const result = await this.eraseVolunteer.execute(staff.municipalityId, volunteerId, staff.staffId, reason, currentCorrelationId() ?? 'none');
    // Another municipality's walker is as unknown as a walker that never existed.
    if (result === 'not-found') throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No such volunteer' }, HttpStatus.NOT_FOUND);
    return { volunteerId, status: 'erased' };
  }
}
