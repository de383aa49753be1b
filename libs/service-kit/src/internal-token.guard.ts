import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';

/** DI token for the shared secret other services send as `x-internal-token` (undefined: nobody gets in). */
export const INTERNAL_API_TOKEN = Symbol('INTERNAL_API_TOKEN');

function sameSecret(given: string, expected: string): boolean {
  // Compare digests, so neither the length nor the content leaks through timing.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Guards the `/internal/*` endpoints services call on each other: `x-internal-token` must equal INTERNAL_API_TOKEN;
 * without a configured token nobody gets in. Provide `INTERNAL_API_TOKEN` and this guard in the module.
 */
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
