import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseInterceptors } from '@nestjs/common';
import { z } from 'zod';
import { currentCorrelationId } from '@trygg/observability';
import { correctionInput } from '../application/registration-input';
import { SelfService, type SelfServiceView } from '../application/self-service';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';

const patchInput = correctionInput.extend({ registrationId: z.uuid({ error: 'unknown_registration' }).optional() }).strict();
const leaveInput = z.object({ groupId: z.uuid({ error: 'unknown_group' }).optional() }).strict();
const emptyInput = z.object({}).strict();

/** "Mina uppgifter" from the link in every email (token kind self-service). */
@Controller('self-service/:token')
@UseInterceptors(DomainErrorsInterceptor)
export class SelfServiceController {
  constructor(private readonly selfService: SelfService) {}

  @Get()
  view(@Param('token') token: string): Promise<SelfServiceView> {
    return this.selfService.view(token);
  }

  @Patch()
  correct(@Param('token') token: string, @Body() body: unknown): Promise<SelfServiceView> {
    return this.selfService.correct(token, parseLocalised(patchInput, body), { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Post('leave')
  @HttpCode(200)
  leave(@Param('token') token: string, @Body() body: unknown): Promise<{ left: string[] }> {
    const input = parseLocalised(leaveInput, body);
    return this.selfService.leave(token, input.groupId ?? null, { correlationId: currentCorrelationId() ?? 'none' });
  }

  @Post('erase')
  @HttpCode(200)
  erase(@Param('token') token: string, @Body() body: unknown) {
    parseLocalised(emptyInput, body);
    return this.selfService.erase(token, { correlationId: currentCorrelationId() ?? 'none' });
  }
}
