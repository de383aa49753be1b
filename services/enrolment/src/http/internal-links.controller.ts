import { timingSafeEqual, createHash } from 'node:crypto';
import { Body, type CanActivate, Controller, type ExecutionContext, HttpCode, HttpException, HttpStatus, Inject, Injectable, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { z } from 'zod';
import { IssueLink, type IssuedLink } from '../application/issue-link';
import { DomainErrorsInterceptor } from './domain-errors.interceptor';
import { parseLocalised } from './validation';

export const INTERNAL_API_TOKEN = Symbol('INTERNAL_API_TOKEN');

const linkInput = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('confirmation'), registrationId: z.uuid({ error: 'invalid_type' }) }).strict(),
    z.object({ kind: z.literal('self-service'), personId: z.uuid({ error: 'invalid_type' }) }).strict(),
    z.object({ kind: z.literal('activity-check'), checkId: z.uuid({ error: 'invalid_type' }) }).strict(),
  ],
  { error: 'invalid_choice' },
);

function sameSecret(given: string, expected: string): boolean {
  // Compare digests, so neither the length nor the content leaks through timing.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `x-internal-token` must equal INTERNAL_API_TOKEN; without a configured token nobody gets in. */
@Injectable()
export class InternalTokenGuard implements CanActivate {
  constructor(@Inject(INTERNAL_API_TOKEN) private readonly expected: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['x-internal-token'];
    if (!this.expected || typeof given !== 'string' || !sameSecret(given, this.expected)) {
      throw new HttpException({ statusCode: 401, error: 'unauthorized', message: 'x-internal-token is missing or wrong' }, HttpStatus.UNAUTHORIZED);
    }
    return true;
  }
}

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
