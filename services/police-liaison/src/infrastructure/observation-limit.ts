import type { LimitRule, RateLimiter } from '@trygg/rate-limits';
import type { ObservationLimit } from '../application/observations';

/** At most 10 observations per person per 24 hours (a group's observant neighbour is not a patrol; abuse is). */
export const OBSERVATIONS_PER_PERSON: LimitRule = { name: 'observations-per-person', kind: 'person', max: 10, windowSeconds: 24 * 3600 };

/** The per-person limit counted in Redis (libs/rate-limits: shared by the instances, the person id hashed in the key). */
export class RedisObservationLimit implements ObservationLimit {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly rule: LimitRule = OBSERVATIONS_PER_PERSON,
  ) {}

  async allow(personId: string): Promise<{ allowed: boolean; retryAfterSeconds: number }> {
    const decision = await this.limiter.hit([{ rule: this.rule, value: personId }]);
    return { allowed: decision.allowed, retryAfterSeconds: decision.retryAfterSeconds };
  }
}
