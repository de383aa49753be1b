import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { type ResponseOf, volunteers } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { LimitIdentifiers, stringField } from '@trygg/rate-limits';
import { parseInput, ValidationFailed } from '@trygg/service-kit';
import { ConfirmSignUp } from '../application/confirm-sign-up';
import { EraseVolunteer } from '../application/erase-volunteer';
import { AlreadyConfirmed, LinkRejected, WalkerNotFound } from '../application/errors';
import { IssueConfirmationLink } from '../application/issue-confirmation-link';
import { ListVolunteers } from '../application/list-volunteers';
import { IssueWalkerLink, WalkerNotActive } from '../application/walker-actions';
import type { StaffActor } from '../application/ports';
import { ImplausibleBirthYear, MobileCountryRefused, SignUp, UnknownMunicipality, UnknownOrganisation } from '../application/sign-up';

/**
 * The walker's sign-up and its confirmation link (public), the confirmation links notifications asks for (internal),
 * and the staff's erasure of a walker. Access is libs/auth's AccessGuard (the route contracts): the links need the
 * caller `notifications` with its secret; the erasure and the list of walkers a signed-in coordinator, scoped by the
 * coordinator's municipality from the token, so another municipality's walker is a 404 (and never on the list).
 */
@Controller()
export class VolunteersController {
  constructor(
    private readonly signUpVolunteer: SignUp,
    private readonly confirmSignUp: ConfirmSignUp,
    private readonly issueConfirmationLink: IssueConfirmationLink,
    private readonly eraseVolunteer: EraseVolunteer,
    private readonly issueWalkerLink: IssueWalkerLink,
    private readonly listVolunteers: ListVolunteers,
  ) {}

  /** The coordinator's walkers of their own municipality (the guard checked the path's against the token's), audited. */
  @Get('staff/:m/volunteers')
  async list(@CurrentPrincipal() coordinator: Principal, @Param() params: unknown): Promise<ResponseOf<typeof volunteers.listVolunteers, 200>> {
    const { m } = parseInput(volunteers.listVolunteers.params, params);
    const actor: StaffActor = { subject: coordinator.subject, name: coordinator.name, role: 'coordinator', scope: m };
    return this.listVolunteers.execute(actor, currentCorrelationId() ?? 'none');
  }

  /** 202: received; a confirmation email is on its way. The same answer whether or not the address was known. */
  @Post('volunteers')
  @HttpCode(202)
  @LimitIdentifiers((body) => ({ email: stringField(body['email']), mobile: stringField(body['mobile']) }))
  async signUp(@Body() body: unknown): Promise<ResponseOf<typeof volunteers.signUp, 202>> {
    const command = parseInput(volunteers.signUp.body, body);
    try {
      await this.signUpVolunteer.execute(command, currentCorrelationId() ?? 'none');
      return { status: 'submitted' };
    } catch (error) {
      if (error instanceof UnknownMunicipality) throw new ValidationFailed([{ field: 'municipalityId', message: 'unknown municipality' }]);
      if (error instanceof MobileCountryRefused) throw new ValidationFailed([{ field: 'mobile', message: 'must be a mobile number of a country the municipality allows (Sweden unless it says otherwise)' }]);
      if (error instanceof UnknownOrganisation) throw new ValidationFailed([{ field: 'organisationId', message: 'must be one of the municipality\'s walker organisations' }]);
      if (error instanceof ImplausibleBirthYear) throw new ValidationFailed([{ field: 'birthYear', message: 'must be a year of birth' }]);
      throw error;
    }
  }

  /** The confirm page's POST (the web): the walker is signed up and their onboarding starts. */
  @Post('volunteers/confirmations')
  @HttpCode(200)
  async confirm(@Body() body: unknown): Promise<ResponseOf<typeof volunteers.confirmSignUp, 200>> {
    const input = parseInput(volunteers.confirmSignUp.body, body);
    try {
      return await this.confirmSignUp.execute(input, currentCorrelationId() ?? 'none');
    } catch (error) {
      if (error instanceof LinkRejected) {
        const status = error.code === 'token_invalid' ? HttpStatus.NOT_FOUND : HttpStatus.GONE;
        throw new HttpException({ statusCode: status, error: error.code, message: 'The confirmation link cannot be used' }, status);
      }
      throw error;
    }
  }

  /**
   * Notifications asks for a link when it sends a walker a message: the confirmation link of the sign-up, or an
   * active walker's link to their walks. A fresh token per call.
   */
  @Post('internal/links')
  @HttpCode(200)
  async issueLink(@Body() body: unknown): Promise<ResponseOf<typeof volunteers.issueLink, 200>> {
    const { kind, volunteerId } = parseInput(volunteers.issueLink.body, body);
    try {
      return await (kind === 'walker-walks' ? this.issueWalkerLink.execute(volunteerId) : this.issueConfirmationLink.execute(volunteerId));
    } catch (error) {
      if (error instanceof WalkerNotFound) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No such sign-up' }, HttpStatus.NOT_FOUND);
      if (error instanceof AlreadyConfirmed) throw new HttpException({ statusCode: 409, error: 'already_confirmed', message: 'The sign-up is confirmed' }, HttpStatus.CONFLICT);
      if (error instanceof WalkerNotActive) throw new HttpException({ statusCode: 409, error: 'walker_not_active', message: 'The walker is not active' }, HttpStatus.CONFLICT);
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
