import { Reflector } from '@nestjs/core';
import { serviceRoutes } from '@trygg/http-contracts';
import type { RateLimiter } from './rate-limiter';
import { PublicRouteLimits } from './rate-limits.module';
import { limitRules } from './rules';

describe('PublicRouteLimits: which routes count', () => {
  const limitsOf = (service: keyof typeof serviceRoutes) => new PublicRouteLimits({} as RateLimiter, limitRules({}), serviceRoutes[service], new Reflector());

  it('counts every change through enrolment\'s public and link routes, not reading, staff or internal routes', () => {
    const enrolment = limitsOf('enrolment');
    for (const [method, path] of [['POST', '/registrations'], ['POST', '/confirmations'], ['PATCH', '/self-service/:token'], ['POST', '/self-service/:token/erase'], ['POST', '/activity-checks']]) {
      expect([method, path, enrolment.counts(method!, path!)]).toEqual([method, path, true]);
    }
    for (const [method, path] of [['GET', '/self-service/:token'], ['POST', '/internal/links'], ['GET', '/staff/:m/triage'], ['GET', '/health/ready']]) {
      expect([method, path, enrolment.counts(method!, path!)]).toEqual([method, path, false]);
    }
  });

  it('counts the walker sign-up, not the staff erasure', () => {
    const volunteers = limitsOf('volunteers');
    expect(volunteers.counts('POST', '/volunteers')).toBe(true);
    expect(volunteers.counts('POST', '/staff/volunteers/:volunteerId/erasure')).toBe(false);
  });
});
