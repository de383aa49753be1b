import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { currentCorrelationId } from './correlation';

/**
 * One JSON logger per process; every line carries the service name and the current correlation id. Written to
 * stdout unless a `destination` is given (tests read what would be written).
 */
export function createLogger(service: string, level: LevelWithSilent = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    redact: {
      // Personal data never goes to the log, even when an object carrying it is logged by mistake.
      // Names, addresses and subject fields (a protected person's above all: skyddad identitet) at the top and one or
      // two levels down (an event payload's subjectFields); log ids instead.
      paths: [
        ...['email', 'phone', 'mobile', 'name', 'street', 'address', 'subjectFields'].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
