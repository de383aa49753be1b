import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { enrolmentInput } from '@trygg/http-contracts';
import { IssueLink, type IssuedLink } from '../application/issue-link';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';

/**
 * Links for notifications' emails. Access is libs/auth's AccessGuard: the caller `notifications` with its secret
 * INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS (`authorization: Bearer …`, `x-internal-caller: notifications`).
 */
@Controller('internal/links')
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
