import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { enrolmentInput } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { seesProtectedIdentity } from '@trygg/values';
import { AddSign } from '../application/add-sign';
import type { StaffMember } from '../application/audit-actors';
import { EditGroup } from '../application/edit-group';
import { ExportMembers } from '../application/export-members';
import { ListAreas } from '../application/list-areas';
import { ListGroups } from '../application/list-groups';
import { ListSignReplacements } from '../application/list-sign-replacements';
import { ListTriage } from '../application/list-triage';
import { PlaceFromTriage } from '../application/place-from-triage';
import { RecordDeclinedHousehold } from '../application/record-declined-household';
import { RemoveDeclinedHousehold } from '../application/remove-declined-household';
import { UpdateSign } from '../application/update-sign';
import { ViewGroupPage } from '../application/view-group-page';
import { ImportGroups } from '../application/import-groups';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';

/** The staff member a request comes from: the verified token's principal (libs/auth), never a header or the body. */
function staffOf(principal: Principal): StaffMember {
  return { subject: principal.subject, name: principal.name, seesProtectedIdentity: seesProtectedIdentity(principal) };
}

/**
 * The coordinator's API. Access is libs/auth's AccessGuard (the route contracts: a signed-in coordinator whose
 * municipality is `:m`, else 403); every use case is scoped by `:m`, so another municipality's id is a 404. Every
 * decision and every view of a list of people is audited with the signed-in coordinator as actor.
 */
@Controller('staff/:m')
@UseInterceptors(DomainErrorsInterceptor)
export class StaffController {
  constructor(
    private readonly listTriage: ListTriage,
    private readonly placeFromTriage: PlaceFromTriage,
    private readonly listAreas: ListAreas,
    private readonly listGroups: ListGroups,
    private readonly viewGroupPage: ViewGroupPage,
    private readonly editGroup: EditGroup,
    private readonly recordDeclinedHousehold: RecordDeclinedHousehold,
    private readonly removeDeclinedHousehold: RemoveDeclinedHousehold,
    private readonly addSignUseCase: AddSign,
    private readonly updateSignUseCase: UpdateSign,
    private readonly listSignReplacements: ListSignReplacements,
    private readonly exportMembersUseCase: ExportMembers,
    private readonly importGroups: ImportGroups,
  ) {}

  @Get('triage')
  triage(@CurrentPrincipal() principal: Principal, @Param('m') m: string) {
    return this.listTriage.execute(m, staffOf(principal));
  }

  @Post('triage/:registrationId/place')
  @HttpCode(200)
  place(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Param('registrationId') registrationId: string, @Body() body: unknown) {
    const input = parseLocalised(enrolmentInput.placeInput, body);
    return this.placeFromTriage.execute(m, registrationId, { areaId: input.areaId, groupId: input.groupId ?? null }, staffOf(principal), { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Get('areas')
  areas(@Param('m') m: string) {
    return this.listAreas.execute(m);
  }

  @Get('groups')
  groups(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Query() query: unknown) {
    return this.listGroups.execute(m, parseLocalised(enrolmentInput.groupFilterQuery, query), staffOf(principal));
  }

  @Get('groups/:groupId')
  group(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Param('groupId') groupId: string) {
    return this.viewGroupPage.execute(m, groupId, staffOf(principal));
  }

  @Patch('groups/:groupId')
  edit(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Param('groupId') groupId: string, @Body() body: unknown) {
    return this.editGroup.execute(m, groupId, parseLocalised(enrolmentInput.groupEditInput, body), staffOf(principal));
  }

  @Post('groups/:groupId/households')
  @HttpCode(201)
  declined(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Param('groupId') groupId: string, @Body() body: unknown) {
    return this.recordDeclinedHousehold.execute(m, groupId, parseLocalised(enrolmentInput.staffDeclinedInput, body).address, staffOf(principal));
  }

  @Delete('groups/:groupId/households/:householdId')
  @HttpCode(204)
  async removeDeclined(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Param('groupId') groupId: string, @Param('householdId') householdId: string): Promise<void> {
    await this.removeDeclinedHousehold.execute(m, groupId, householdId, staffOf(principal));
  }

  @Post('groups/:groupId/signs')
  @HttpCode(201)
  addSign(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Param('groupId') groupId: string, @Body() body: unknown) {
    return this.addSignUseCase.execute(m, groupId, parseLocalised(enrolmentInput.newSignInput, body), staffOf(principal));
  }

  @Patch('groups/:groupId/signs/:signId')
  updateSign(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Param('groupId') groupId: string, @Param('signId') signId: string, @Body() body: unknown) {
    return this.updateSignUseCase.execute(m, groupId, signId, parseLocalised(enrolmentInput.signEditInput, body), staffOf(principal));
  }

  @Get('signs/replacements')
  signReplacements(@Param('m') m: string) {
    return this.listSignReplacements.execute(m);
  }

  /** UTF-8 with BOM, `;`, CRLF, Swedish headers: opens correctly in Swedish Excel. */
  @Get('groups/:groupId/members.csv')
  async exportMembers(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Param('groupId') groupId: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { filename, csv } = await this.exportMembersUseCase.execute(m, groupId, staffOf(principal));
    res.setHeader('cache-control', 'no-store');
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }

  @Post('import')
  @HttpCode(200)
  import(@CurrentPrincipal() principal: Principal, @Param('m') m: string, @Query() query: unknown, @Body() body: unknown) {
    const { dryRun } = parseLocalised(enrolmentInput.importQuery, query);
    return this.importGroups.execute(m, parseLocalised(enrolmentInput.importInput, body).csv, dryRun === 'true', staffOf(principal));
  }
}
