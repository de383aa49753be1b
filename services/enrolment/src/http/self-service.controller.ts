import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseInterceptors } from '@nestjs/common';
import { z } from 'zod';
import { currentCorrelationId } from '@trygg/observability';
import { addressInput, correctionInput } from '../application/registration-input';
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

const patchInput = correctionInput.extend({ registrationId: z.uuid({ error: 'unknown_registration' }).optional() }).strict();
const leaveInput = z.object({ groupId: z.uuid({ error: 'unknown_group' }).optional() }).strict();
const signReportInput = z
  .object({
    kind: z.enum(['damaged', 'missing'], { error: (issue) => (issue.input === undefined ? 'required' : 'invalid_choice') }),
    note: z.string().trim().max(1000, 'too_long').nullish().transform((v) => (v ? v : null)),
  })
  .strict();
const declinedInput = z
  .object({ address: addressInput.transform((a) => ({ street: a.street, number: a.number, postcode: a.postcode })) })
  .strict();
const handOverInput = z.object({ toMemberId: z.uuid({ error: (issue) => (issue.input === undefined ? 'required' : 'unknown_member') }) }).strict();
const emptyInput = z.object({}).strict();

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
    return this.correctOwnDetails.execute(token, parseLocalised(patchInput, body), { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Post('leave')
  @HttpCode(200)
  leave(@Param('token') token: string, @Body() body: unknown): Promise<{ left: string[] }> {
    const input = parseLocalised(leaveInput, body);
    return this.leaveGroup.execute(token, input.groupId ?? null, { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Post('signs/:signId/report')
  @HttpCode(200)
  reportSign(@Param('token') token: string, @Param('signId') signId: string, @Body() body: unknown) {
    return this.reportSignUseCase.execute(token, signId, parseLocalised(signReportInput, body));
  }

  /** Contact person / deputy: the group's household list, with the households that said no. */
  @Get('groups/:groupId/households')
  households(@Param('token') token: string, @Param('groupId') groupId: string) {
    return this.viewHouseholdList.execute(token, groupId);
  }

  @Post('groups/:groupId/households')
  @HttpCode(201)
  addDeclined(@Param('token') token: string, @Param('groupId') groupId: string, @Body() body: unknown) {
    return this.recordDeclined.execute(token, groupId, parseLocalised(declinedInput, body).address);
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
    return this.handOverContactPerson.execute(token, groupId, parseLocalised(handOverInput, body).toMemberId, { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Post('erase')
  @HttpCode(200)
  erase(@Param('token') token: string, @Body() body: unknown) {
    parseLocalised(emptyInput, body);
    return this.requestOwnErasure.execute(token, { correlationId: currentCorrelationId() ?? 'none' });
  }
}
