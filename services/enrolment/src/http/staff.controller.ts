import { Body, type CanActivate, Controller, Delete, type ExecutionContext, Get, HttpCode, HttpException, HttpStatus, Inject, Injectable, Param, Patch, Post, Query, Res, StreamableFile, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { enrolmentInput } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { AddSign } from '../application/add-sign';
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

export const STAFF_DEV_GUARD = Symbol('STAFF_DEV_GUARD');

/**
 * DEVELOPMENT GUARD — NOT AUTHENTICATION. Open only when the process runs with STAFF_DEV_GUARD=allow; the caller
 * names its municipality in `x-dev-staff-municipality`, and may only reach that municipality's data.
 * Staff sign-in (OIDC) replaces this guard in a later issue.
 */
@Injectable()
export class DevStaffGuard implements CanActivate {
  constructor(@Inject(STAFF_DEV_GUARD) private readonly mode: 'off' | 'allow') {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; params: Record<string, string> }>();
    if (this.mode !== 'allow') {
      throw new HttpException({ statusCode: 401, error: 'unauthorized', message: 'staff sign-in is not available (development guard off)' }, HttpStatus.UNAUTHORIZED);
    }
    const claimed = request.headers['x-dev-staff-municipality'];
    if (typeof claimed !== 'string' || claimed === '') {
      throw new HttpException({ statusCode: 401, error: 'unauthorized', message: 'x-dev-staff-municipality is missing' }, HttpStatus.UNAUTHORIZED);
    }
    if (claimed !== request.params['m']) {
      throw new HttpException({ statusCode: 403, error: 'forbidden', message: 'not your municipality' }, HttpStatus.FORBIDDEN);
    }
    return true;
  }
}

const actorOf = (m: string) => `dev:${m}`;







/** The coordinator's API (behind the development guard until staff sign-in exists). Every decision is audited. */
@Controller('staff/:m')
@UseGuards(DevStaffGuard)
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
  triage(@Param('m') m: string) {
    return this.listTriage.execute(m);
  }

  @Post('triage/:registrationId/place')
  @HttpCode(200)
  place(@Param('m') m: string, @Param('registrationId') registrationId: string, @Body() body: unknown) {
    const input = parseLocalised(enrolmentInput.placeInput, body);
    return this.placeFromTriage.execute(m, registrationId, { areaId: input.areaId, groupId: input.groupId ?? null }, actorOf(m), { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Get('areas')
  areas(@Param('m') m: string) {
    return this.listAreas.execute(m);
  }

  @Get('groups')
  groups(@Param('m') m: string, @Query() query: unknown) {
    return this.listGroups.execute(m, parseLocalised(enrolmentInput.groupFilterQuery, query));
  }

  @Get('groups/:groupId')
  group(@Param('m') m: string, @Param('groupId') groupId: string) {
    return this.viewGroupPage.execute(m, groupId);
  }

  @Patch('groups/:groupId')
  edit(@Param('m') m: string, @Param('groupId') groupId: string, @Body() body: unknown) {
    return this.editGroup.execute(m, groupId, parseLocalised(enrolmentInput.groupEditInput, body), actorOf(m));
  }

  @Post('groups/:groupId/households')
  @HttpCode(201)
  declined(@Param('m') m: string, @Param('groupId') groupId: string, @Body() body: unknown) {
    return this.recordDeclinedHousehold.execute(m, groupId, parseLocalised(enrolmentInput.staffDeclinedInput, body).address, actorOf(m));
  }

  @Delete('groups/:groupId/households/:householdId')
  @HttpCode(204)
  async removeDeclined(@Param('m') m: string, @Param('groupId') groupId: string, @Param('householdId') householdId: string): Promise<void> {
    await this.removeDeclinedHousehold.execute(m, groupId, householdId, actorOf(m));
  }

  @Post('groups/:groupId/signs')
  @HttpCode(201)
  addSign(@Param('m') m: string, @Param('groupId') groupId: string, @Body() body: unknown) {
    return this.addSignUseCase.execute(m, groupId, parseLocalised(enrolmentInput.newSignInput, body), actorOf(m));
  }

  @Patch('groups/:groupId/signs/:signId')
  updateSign(@Param('m') m: string, @Param('groupId') groupId: string, @Param('signId') signId: string, @Body() body: unknown) {
    return this.updateSignUseCase.execute(m, groupId, signId, parseLocalised(enrolmentInput.signEditInput, body), actorOf(m));
  }

  @Get('signs/replacements')
  signReplacements(@Param('m') m: string) {
    return this.listSignReplacements.execute(m);
  }

  /** UTF-8 with BOM, `;`, CRLF, Swedish headers: opens correctly in Swedish Excel. */
  @Get('groups/:groupId/members.csv')
  async exportMembers(@Param('m') m: string, @Param('groupId') groupId: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { filename, csv } = await this.exportMembersUseCase.execute(m, groupId, actorOf(m));
    res.setHeader('cache-control', 'no-store');
    return new StreamableFile(Buffer.from(csv, 'utf8'), { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }

  @Post('import')
  @HttpCode(200)
  import(@Param('m') m: string, @Query() query: unknown, @Body() body: unknown) {
    const { dryRun } = parseLocalised(enrolmentInput.importQuery, query);
    return this.importGroups.execute(m, parseLocalised(enrolmentInput.importInput, body).csv, dryRun === 'true', actorOf(m));
  }
}
