import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_HEADER, correlationIdFrom, currentCorrelationId, runWithCorrelation } from './correlation';
import { HealthController } from './health.controller';
import type { Logger } from './logger';
import { type ReadinessCheck, ReadinessRegistry } from './readiness';

export const LOGGER = Symbol('LOGGER');

/**
 * Link tokens travel in URL paths (/…/bekrafta/<token>, /…/mina-uppgifter/<token>, /self-service/<token>): a
 * token in a log line would be a working link for whoever reads the logs. Long base64url path segments (and query
 * strings) are cut from logged URLs; UUIDs (ids, not secrets) stay.
 */
export function redactTokens(url: string | undefined): string {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  return (url ?? '')
    .replace(/\?.*$/, '')
    .replace(/\/([A-Za-z0-9_-]{32,})(?=\/|$)/g, (whole, segment: string) => (uuid.test(segment) ? whole : '/[token]'));
}

export interface ObservabilityOptions {
  logger: Logger;
  /** /health/ready asks each of these, and those added to the `ReadinessRegistry` later. */
  readinessChecks?: ReadinessCheck[];
  imports?: DynamicModule['imports'];
}

/** JSON request logs with correlation ids, /health/live and /health/ready. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [
        ...(options.imports ?? []),
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: {
            logger: options.logger,
            // correlationMiddleware (registered first, in service-kit's bootstrapService) has already chosen the id.
            genReqId: (req: IncomingMessage) => currentCorrelationId() ?? correlationIdFrom(req.headers[CORRELATION_HEADER]),
            autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactTokens(req.url) }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: LOGGER, useFactory: () => options.logger },
        { provide: ReadinessRegistry, useFactory: () => new ReadinessRegistry(options.readinessChecks) },
      ],
      exports: [LOGGER, ReadinessRegistry],
    };
  }
}

/** Express middleware: runs the rest of the request inside its correlation context. */
export function correlationMiddleware(
  req: IncomingMessage & { id?: unknown },
  res: ServerResponse,
  next: () => void,
): void {
  const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
  res.setHeader(CORRELATION_HEADER, id);
  runWithCorrelation(id, next);
}
