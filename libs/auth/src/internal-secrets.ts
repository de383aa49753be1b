import { createHash, timingSafeEqual } from 'node:crypto';
import { EXAMPLE_INTERNAL_SECRET, internalSecretName } from '@trygg/config';
import type { RouteContract } from '@trygg/http-contracts';

export { EXAMPLE_INTERNAL_SECRET, internalSecretName };
const MIN_BYTES = 32;

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

/**
 * The calling side: the secret this service (`caller`) sends for `purpose`, from `internalSecretName(caller, purpose)`
 * in `env`, held to the same rules as the receiving side (unset → undefined: the call cannot be made; shorter than 32
 * bytes or the example value → thrown at start, naming the variable).
 */
export function callerSecret(caller: string, purpose: string, env: NodeJS.ProcessEnv): string | undefined {
  const name = internalSecretName(caller, purpose);
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (Buffer.byteLength(value) < MIN_BYTES) throw new Error(`Invalid internal secrets: ${name} is shorter than ${MIN_BYTES} bytes`);
  if (value === EXAMPLE_INTERNAL_SECRET) throw new Error(`Invalid internal secrets: ${name} is the example value from .env.example`);
  return value;
}

/** The headers of an internal call: `authorization: Bearer <secret>` and who calls (`x-internal-caller`). */
export function internalCallHeaders(caller: string, secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}`, 'x-internal-caller': caller };
}
