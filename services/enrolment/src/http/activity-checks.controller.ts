import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { enrolmentInput } from '@trygg/http-contracts';
import { AnswerActivityCheck } from '../application/answer-activity-check';
import { DescribeActivityCheck } from '../application/describe-activity-check';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';


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
    return this.describeCheck.execute(parseLocalised(enrolmentInput.activityDescribeQuery, query).municipalityId, token);
  }

  @Post()
  @HttpCode(200)
  answer(@Body() body: unknown) {
    const input = parseLocalised(enrolmentInput.activityAnswerInput, body);
    return this.answerCheck.execute(input.municipalityId, input.token, input.answer);
  }
}
