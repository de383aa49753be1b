import pino, { type Logger, type LevelWithSilent } from 'pino';
import { currentCorrelationId } from './correlation';

/** One JSON logger per process; every line carries the service name and the current correlation id. */
export function createLogger(service: string, level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    redact: {
      // Personal data never goes to the log, even when an object carrying it is logged by mistake.
      paths: ['email', 'phone', 'mobile', 'name', '*.email', '*.phone', '*.mobile', '*.name', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
