import { Body, Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { InternalTokenGuard } from '@trygg/service-kit';
import { z } from 'zod';
import { IssueLink, type IssuedLink } from '../application/issue-link';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';

const linkInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('confirmation'), registrationId: z.uuid({ error: 'invalid_type' }) }).strict(),
    z.object({ kind: z.literal('self-service'), personId: z.uuid({ error: 'invalid_type' }) }).strict(),
    z.object({ kind: z.literal('activity-check'), checkId: z.uuid({ error: 'invalid_type' }) }).strict(),
  ],
  { error: 'invalid_choice' },
);

@Controller('internal/links')
@UseGuards(InternalTokenGuard)
@UseInterceptors(DomainErrorsInterceptor)
export class InternalLinksController {
  constructor(private readonly issueLink: IssueLink) {}

  /** The links notifications puts in emails (cross-team agreement; API.md). A fresh token per call. */
  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown): Promise<IssuedLink> {
    return this.issueLink.execute(parseLocalised(linkInput, body, 'en'));
  }
}
