import type { RateLimitConfig } from '@trygg/config';
import type { PostalAddress } from './keys';
import type { LimitHit, LimitRule } from './rate-limiter';

/** The four limits of a public entry point, from libs/config's `rateLimitShape`. */
export interface LimitRules {
  network: LimitRule;
  email: LimitRule;
  address: LimitRule;
  mobile: LimitRule;
}

export function limitRules(config: Partial<RateLimitConfig>): LimitRules {
  const identifierWindow = config.RATE_LIMIT_IDENTIFIER_WINDOW_SECONDS ?? 3600;
  return {
    network: { name: 'network', kind: 'network', max: config.RATE_LIMIT_MAX ?? 100, windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS ?? 600 },
    email: { name: 'email', kind: 'email', max: config.RATE_LIMIT_EMAIL_MAX ?? 5, windowSeconds: identifierWindow },
    address: { name: 'address', kind: 'address', max: config.RATE_LIMIT_ADDRESS_MAX ?? 10, windowSeconds: identifierWindow },
    mobile: { name: 'mobile', kind: 'mobile', max: config.RATE_LIMIT_MOBILE_MAX ?? 5, windowSeconds: identifierWindow },
  };
}

/** What a submission names that someone could abuse (each optional: a form without a mobile number counts none). */
export interface Identifiers {
  email?: string | null;
  address?: PostalAddress | null;
  mobile?: string | null;
}

/** The hits of one submission: its network, and each identifier it names. */
export function submissionHits(rules: LimitRules, network: string, identifiers: Identifiers = {}): LimitHit[] {
  return [{ rule: rules.network, value: network }, ...identifierHits(rules, identifiers)];
}

/** The hits of what a submission names (without its network, counted apart, e.g. by the web's middleware). */
export function identifierHits(rules: LimitRules, identifiers: Identifiers): LimitHit[] {
  const hits: LimitHit[] = [];
  if (identifiers.email) hits.push({ rule: rules.email, value: identifiers.email });
  if (identifiers.address) hits.push({ rule: rules.address, value: identifiers.address });
  if (identifiers.mobile) hits.push({ rule: rules.mobile, value: identifiers.mobile });
  return hits;
}
