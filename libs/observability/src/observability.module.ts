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

/** A route whose path carries secrets: its Nest-style path and the names of the secret parameters. */
export interface SecretPath {
  path: string;
  params: readonly string[];
}

/**
 * The redaction of logged URLs: the segments of `secretPaths` that hold a secret become `[secret]` whatever their
 * length or alphabet (a provider's callback secret, a short token), then `redactTokens` cuts query strings and every
 * other long token-like segment.
 */
export function urlRedactor(secretPaths: readonly SecretPath[]): (url: string | undefined) => string {
  const patterns = secretPaths.map(({ path, params }) => {
    const segments = path.split('/').slice(1);
    const secret = segments.map((segment) => segment.startsWith(':') && params.includes(segment.slice(1)));
    const source = segments.map((segment) => (segment.startsWith(':') ? '([^/]*)' : `(${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`)).join('/');
    return { regex: new RegExp(`^/${source}/?$`), secret };
  });
  return (url) => {
    const raw = url ?? '';
    const pathname = raw.replace(/[?#].*$/, '');
    for (const { regex, secret } of patterns) {
      const match = regex.exec(pathname);
      if (match) return redactTokens(`/${match.slice(1).map((segment, i) => (secret[i] ? '[secret]' : segment)).join('/')}`);
    }
    return redactTokens(raw);
  };
}

export interface ObservabilityOptions {
  logger: Logger;
  /** Routes whose path holds a secret (route contracts' token/secret parameters): never logged. */
  secretPaths?: readonly SecretPath[];
  /** /health/ready asks each of these, and those added to the `ReadinessRegistry` later. */
  readinessChecks?: ReadinessCheck[];
  imports?: DynamicModule['imports'];
}

/** JSON request logs with correlation ids, /health/live and /health/ready. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    const redactUrl = urlRedactor(options.secretPaths ?? []);
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
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
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
