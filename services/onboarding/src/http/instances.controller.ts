import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@trygg/auth';
import { onboarding, type ResponseOf } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { parseInput, ValidationFailed } from '@trygg/service-kit';
import { redactSubjectFields, seesProtectedIdentity } from '@trygg/values';
import { AnswerRefused } from '../application/answer-refused';
import { FindInstanceBySubject } from '../application/find-instance-by-subject';
import { GetTimeline } from '../application/get-timeline';
import { MigrateInstance } from '../application/migrate-instance';
import { ProvideInfo } from '../application/provide-info';
import { InvalidAnswer, SubmitStaffAnswer } from '../application/submit-staff-answer';
import { WithdrawInstance } from '../application/withdraw-instance';
import { coordinatorOf } from './principal';

/**
 * Staff JSON API over onboarding instances: a signed-in coordinator (libs/auth's AccessGuard, the route contracts),
 * every query scoped by the municipality of their token (another municipality's instance: 404). Who acted is the
 * token's person — never a field of the body.
 */
@Controller('instances')
export class InstancesController {
  constructor(
    private readonly submit: SubmitStaffAnswer,
    private readonly provideInfo: ProvideInfo,
    private readonly getTimeline: GetTimeline,
    private readonly findBySubject: FindInstanceBySubject,
    private readonly withdraw: WithdrawInstance,
    private readonly migrate: MigrateInstance,
  ) {}

  /**
   * Moves a running instance to another published version of its process (explicit, audited). With
   * `?dryRun=true` it answers what would change and writes nothing.
   */
  @Post(':id/migrate')
  @HttpCode(200)
  async migrateInstance(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Query() query: unknown, @Body() body: unknown): Promise<ResponseOf<typeof onboarding.migrateInstance, 200>> {
    const { municipalityId, by } = coordinatorOf(principal);
    const { id } = parseInput(onboarding.migrateInstance.params, params);
    const { dryRun } = parseInput(onboarding.migrateInstance.query, query);
    const input = parseInput(onboarding.migrateInstance.body, body);
    try {
      return await this.migrate.execute(municipalityId, id, input, by, { dryRun: dryRun === 'true' }, cause());
    } catch (error) {
      throw translate(error);
    }
  }

  /** The subject withdrew (told the signed-in coordinator): the instance ends as withdrawn. Audited. */
  @Post(':id/withdraw')
  @HttpCode(200)
  async withdrawInstance(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof onboarding.withdrawInstance, 200>> {
    const { municipalityId, by } = coordinatorOf(principal);
    const { id } = parseInput(onboarding.withdrawInstance.params, params);
    const { reason } = parseInput(onboarding.withdrawInstance.body, body);
    try {
      const instance = await this.withdraw.execute(municipalityId, id, by, reason, cause());
      return { status: instance.status };
    } catch (error) {
      throw translate(error);
    }
  }

  /** 202: the answer is audited and its step-completed event is on its way; the instance moves when it is applied. */
  @Post(':id/steps/:stepId/complete')
  @HttpCode(202)
  async complete(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof onboarding.completeStep, 202>> {
    const { municipalityId, by } = coordinatorOf(principal);
    const { id, stepId } = parseInput(onboarding.completeStep.params, params);
    const answer = parseInput(onboarding.completeStep.body, body);
    try {
      return await this.submit.execute(municipalityId, id, stepId, answer, by, cause());
    } catch (error) {
      throw translate(error);
    }
  }

  /** The subject provided what a needs-info answer asked for: the step is requested again (attempt + 1). */
  @Post(':id/steps/:stepId/info-provided')
  @HttpCode(200)
  async infoProvided(@CurrentPrincipal() principal: Principal, @Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof onboarding.infoProvided, 200>> {
    const { municipalityId, by } = coordinatorOf(principal);
    const { id, stepId } = parseInput(onboarding.infoProvided.params, params);
    parseInput(onboarding.infoProvided.body, body ?? {});
    try {
      const instance = await this.provideInfo.execute(municipalityId, id, stepId, by, cause());
      return { status: instance.status, currentStepId: instance.currentStepId };
    } catch (error) {
      throw translate(error);
    }
  }

  /** The instance and its timeline (the view is audited, the coordinator as actor). */
  @Get(':id/timeline')
  async timeline(@CurrentPrincipal() principal: Principal, @Param() params: unknown): Promise<ResponseOf<typeof onboarding.instanceTimeline, 200>> {
    const { municipalityId, by } = coordinatorOf(principal);
    const { id } = parseInput(onboarding.instanceTimeline.params, params);
    try {
      const view = await this.getTimeline.execute(municipalityId, id, by, cause().correlationId);
      return { ...view, instance: asSeenBy(view.instance, principal) };
    } catch (error) {
      throw translate(error);
    }
  }

  /** Finds the instance of a subject (e.g. the nomination id enrolment knows); a found one's view is audited. */
  @Get()
  async bySubject(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<ResponseOf<typeof onboarding.instanceBySubject, 200>> {
    const { municipalityId, by } = coordinatorOf(principal);
    const { subjectKind, subjectId } = parseInput(onboarding.instanceBySubject.query, query);
    const instance = await this.findBySubject.execute(municipalityId, subjectKind, subjectId, by, cause().correlationId);
    if (!instance) throw new HttpException({ statusCode: 404, error: 'not_found', message: 'No onboarding for this subject' }, HttpStatus.NOT_FOUND);
    return asSeenBy(instance, principal);
  }
}

/**
 * The instance as the signed-in coordinator may see it: a protected subject's text fields (name, group, area) say
 * "Skyddad person" unless their token grants the `protected-identity` permission (libs/values, the one rule).
 */
function asSeenBy<T extends { subjectFields: Record<string, string | number | boolean>; protectedIdentity?: boolean }>(instance: T, principal: Pick<Principal, 'permissions'>): T & { protectedIdentity: boolean } {
  const isProtected = instance.protectedIdentity === true;
  return { ...instance, protectedIdentity: isProtected, subjectFields: redactSubjectFields(instance.subjectFields, isProtected, seesProtectedIdentity(principal)) };
}

function cause() {
  return { correlationId: currentCorrelationId() ?? 'http', causationId: null };
}

function translate(error: unknown): unknown {
  if (error instanceof InvalidAnswer) return new ValidationFailed([{ field: error.field, message: error.message }]);
  if (error instanceof AnswerRefused) {
    if (error.refusal === 'unknown-instance' || error.refusal === 'unknown-step') {
      return new HttpException({ statusCode: 404, error: 'not_found', message: error.message }, HttpStatus.NOT_FOUND);
    }
    if (error.refusal === 'sender-not-registered' || error.refusal === 'producer-not-allowed') return new HttpException({ statusCode: 403, error: error.refusal, message: error.message }, HttpStatus.FORBIDDEN);
    return new HttpException({ statusCode: 409, error: error.refusal, message: error.message }, HttpStatus.CONFLICT);
  }
  return error;
}
