import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { z } from 'zod';
import { AnswerActivityCheck } from '../application/answer-activity-check';
import { DescribeActivityCheck } from '../application/describe-activity-check';
import { municipalityIdInput } from '../application/registration-input';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';

const tokenInput = z.string({ error: 'required' }).min(1, 'required').max(200, 'too_long');
const answerInput = z
  .object({
    municipalityId: municipalityIdInput,
    token: tokenInput,
    answer: z.enum(['active', 'active-list-outdated', 'not-active'], { error: (issue) => (issue.input === undefined ? 'required' : 'invalid_choice') }),
  })
  .strict();
const describeInput = z.object({ municipalityId: municipalityIdInput }).strict();

/** The yearly "still active?" answer from the contact person's email (link `/<m>/grannsamverkan/aktiv/<token>`). */
@Controller('activity-checks')
@UseInterceptors(DomainErrorsInterceptor)
export class ActivityChecksController {
  constructor(
    private readonly describeCheck: DescribeActivityCheck,
    private readonly answerCheck: AnswerActivityCheck,
  ) {}

  @Get(':token')
  describe(@Param('token') token: string, @Query() query: unknown) {
    return this.describeCheck.execute(parseLocalised(describeInput, query).municipalityId, token);
  }

  @Post()
  @HttpCode(200)
  answer(@Body() body: unknown) {
    const input = parseLocalised(answerInput, body);
    return this.answerCheck.execute(input.municipalityId, input.token, input.answer);
  }
}
