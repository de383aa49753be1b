import { z } from 'zod';
import { kafkaSecurityProblems, kafkaSecurityShape } from './kafka-security';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once, at start. Every missing or bad variable is named in one message,
 * so an operator fixes them all in one go.
 */
export function loadConfig<TShape extends z.ZodRawShape>(
  shape: TShape,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<TShape>> {
  const result = z.object(shape).safeParse(env);
  if (result.success) {
    // Checks across variables, for the shapes that have them (a single variable's schema cannot see the others).
    const crossProblems = Object.keys(kafkaSecurityShape).some((name) => name in shape) ? kafkaSecurityProblems(result.data as Parameters<typeof kafkaSecurityProblems>[0]) : [];
    if (crossProblems.length === 0) return result.data;
    throw new ConfigError(crossProblems.map((p) => (p.message.startsWith('is required') ? `${p.name} ${p.message}` : `${p.name} is invalid: ${p.message}`)));
  }
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(environment)');
    const value = env[name];
    return value === undefined || value === ''
      ? `${name} is required (${issue.message})`
      : `${name} is invalid: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

/** Reusable pieces of the environment every service reads. */
export const env = {
  port: z.coerce.number({ error: 'must be a port number' }).int('must be a port number').min(1).max(65535),
  kafkaBrokers: z
    .string()
    .min(1)
    .transform((v) => v.split(',').map((b) => b.trim()))
    .pipe(z.array(z.string().regex(/^[^:,\s]+:\d+$/, 'each broker must be host:port')).min(1)),
  mongoUrl: url(['mongodb:', 'mongodb+srv:']),
  redisUrl: url(['redis:', 'rediss:']),
  smtpUrl: url(['smtp:', 'smtps:']),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  httpUrl: url(['http:', 'https:']),
  positiveInt: z.coerce.number().int().positive(),
};
