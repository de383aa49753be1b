import { createHash, timingSafeEqual } from 'node:crypto';
import type { RouteContract } from '@trygg/http-contracts';

/** The placeholder `.env.example` shows for every INTERNAL_SECRET_*: refused as a secret. */
export const EXAMPLE_INTERNAL_SECRET = 'change-me-a-random-secret-of-32-or-more-bytes';
const MIN_BYTES = 32;

/** `INTERNAL_SECRET_<CALLER>_<PURPOSE>` in upper snake case: `internalSecretName('notifications', 'self-service-links')`. */
export function internalSecretName(caller: string, purpose: string): string {
  const snake = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `INTERNAL_SECRET_${snake(caller)}_${snake(purpose)}`;
}

/**
 * The secrets of the service's internal routes, by env variable name: one per caller and purpose the contracts
 * declare. An unset one lets nobody in; a set one shorter than 32 bytes or equal to the example is refused (thrown
 * at start, naming the variable).
 */
export function internalSecretsFrom(routes: readonly Pick<RouteContract, 'access'>[], env: NodeJS.ProcessEnv): Map<string, string> {
  const secrets = new Map<string, string>();
  const problems: string[] = [];
  for (const { access } of routes) {
    if (access.kind !== 'internal') continue;
    for (const caller of access.callers) {
      const name = internalSecretName(caller, access.purpose);
      const value = env[name];
      if (value === undefined || value === '' || secrets.has(name)) continue;
      if (Buffer.byteLength(value) < MIN_BYTES) problems.push(`${name} is shorter than ${MIN_BYTES} bytes`);
      else if (value === EXAMPLE_INTERNAL_SECRET) problems.push(`${name} is the example value from .env.example`);
      else secrets.set(name, value);
    }
  }
  if (problems.length) throw new Error(`Invalid internal secrets: ${problems.join('; ')}`);
  return secrets;
}

/** Constant-time comparison (of digests, so neither length nor content leaks through timing). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
