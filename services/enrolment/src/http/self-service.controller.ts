import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseInterceptors } from '@nestjs/common';
import { enrolmentInput } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { CorrectOwnDetails } from '../application/correct-own-details';
import { HandOverContactPerson } from '../application/hand-over-contact-person';
import { LeaveGroup } from '../application/leave-group';
import { RecordOwnGroupDeclinedHousehold } from '../application/record-own-group-declined-household';
import { RemoveOwnGroupDeclinedHousehold } from '../application/remove-own-group-declined-household';
import { ReportSign } from '../application/report-sign';
import { RequestOwnErasure } from '../application/request-own-erasure';
import type { SelfServiceView } from '../application/self-service-link';
import { ViewHouseholdList } from '../application/view-household-list';
import { ViewOwnDetails } from '../application/view-own-details';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';


/** "Mina uppgifter" from the link in every email (token kind self-service). */
@Controller('self-service/:token')
@UseInterceptors(DomainErrorsInterceptor)
export class SelfServiceController {
  constructor(
    private readonly viewOwnDetails: ViewOwnDetails,
    private readonly correctOwnDetails: CorrectOwnDetails,
    private readonly leaveGroup: LeaveGroup,
    private readonly reportSignUseCase: ReportSign,
    private readonly viewHouseholdList: ViewHouseholdList,
    private readonly recordDeclined: RecordOwnGroupDeclinedHousehold,
    private readonly removeDeclinedUseCase: RemoveOwnGroupDeclinedHousehold,
    private readonly handOverContactPerson: HandOverContactPerson,
    private readonly requestOwnErasure: RequestOwnErasure,
  ) {}

  @Get()
  view(@Param('token') token: string): Promise<SelfServiceView> {
    return this.viewOwnDetails.execute(token);
  }

  @Patch()
  correct(@Param('token') token: string, @Body() body: unknown): Promise<SelfServiceView> {
    return this.correctOwnDetails.execute(token, parseLocalised(enrolmentInput.selfServicePatchInput, body), { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Post('leave')
  @HttpCode(200)
  leave(@Param('token') token: string, @Body() body: unknown): Promise<{ left: string[] }> {
    const input = parseLocalised(enrolmentInput.leaveInput, body);
    return this.leaveGroup.execute(token, input.groupId ?? null, { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Post('signs/:signId/report')
  @HttpCode(200)
  reportSign(@Param('token') token: string, @Param('signId') signId: string, @Body() body: unknown) {
    return this.reportSignUseCase.execute(token, signId, parseLocalised(enrolmentInput.signReportInput, body));
  }

  /** Contact person / deputy: the group's household list, with the households that said no. */
  @Get('groups/:groupId/households')
  households(@Param('token') token: string, @Param('groupId') groupId: string) {
    return this.viewHouseholdList.execute(token, groupId);
  }

  @Post('groups/:groupId/households')
  @HttpCode(201)
  addDeclined(@Param('token') token: string, @Param('groupId') groupId: string, @Body() body: unknown) {
    return this.recordDeclined.execute(token, groupId, parseLocalised(enrolmentInput.selfServiceDeclinedInput, body).address);
  }

  @Delete('groups/:groupId/households/:householdId')
  @HttpCode(204)
  async removeDeclined(@Param('token') token: string, @Param('groupId') groupId: string, @Param('householdId') householdId: string): Promise<void> {
    await this.removeDeclinedUseCase.execute(token, groupId, householdId);
  }

  /** The main contact person hands the role over to a deputy (at once) or a member (after their onboarding). */
  @Post('groups/:groupId/hand-over')
  @HttpCode(200)
  handOver(@Param('token') token: string, @Param('groupId') groupId: string, @Body() body: unknown) {
    return this.handOverContactPerson.execute(token, groupId, parseLocalised(enrolmentInput.handOverInput, body).toMemberId, { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Post('erase')
  @HttpCode(200)
  erase(@Param('token') token: string, @Body() body: unknown) {
    parseLocalised(enrolmentInput.emptyInput, body);
    return this.requestOwnErasure.execute(token, { correlationId: currentCorrelationId() ?? 'none' });
  }
}
