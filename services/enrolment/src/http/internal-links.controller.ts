import { Body, Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { InternalTokenGuard } from '@trygg/service-kit';
import { enrolmentInput } from '@trygg/http-contracts';
import { IssueLink, type IssuedLink } from '../application/issue-link';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';


@Controller('internal/links')
@UseGuards(InternalTokenGuard)
@UseInterceptors(DomainErrorsInterceptor)
export class InternalLinksController {
  constructor(private readonly issueLink: IssueLink) {}

  /** The links notifications puts in emails (cross-team agreement; API.md). A fresh token per call. */
  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown): Promise<IssuedLink> {
    return this.issueLink.execute(parseLocalised(enrolmentInput.linkInput, body, 'en'));
  }
}
