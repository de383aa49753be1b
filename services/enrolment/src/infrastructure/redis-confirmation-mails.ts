import type { RateLimiter } from '@trygg/rate-limits';
import type { ConfirmationMailThrottle } from '../application/ports';

/**
 * One confirmation mail per email address per interval, claimed in Redis (`SET NX PX`, libs/rate-limits) so it holds
 * across instances; the key is a hash of the address. While Redis is away the claim is made per instance (the
 * resident still gets their mail).
 */
export class RedisConfirmationMails implements ConfirmationMailThrottle {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly intervalSeconds: number,
  ) {}

  mayMail(email: string): Promise<boolean> {
    return this.limiter.claim('confirmation-mail', 'email', email, this.intervalSeconds);
  }

  giveBack(email: string): Promise<void> {
    return this.limiter.release('confirmation-mail', 'email', email);
  }
}
