import {
  type CallHandler,
  type DynamicModule,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Module,
  type NestInterceptor,
  RequestMethod,
  SetMetadata,
} from '@nestjs/common';
import { APP_INTERCEPTOR, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { RateLimitConfig } from '@trygg/config';
import type { RouteContract } from '@trygg/http-contracts';
import { limitsRedis, RateLimiter } from './rate-limiter';
import { type Identifiers, limitRules, type LimitRules, submissionHits } from './rules';

/** The service's limits (`LimitRules`), provided by `RateLimitsModule`. */
export const LIMIT_RULES = Symbol('LIMIT_RULES');
const LIMITED_ROUTES = Symbol('LIMITED_ROUTES');
const IDENTIFIERS = 'trygg:rate-limits:identifiers';

/** 429 `rate_limited` with Retry-After: the same answer whichever limit refused (it never tells whether an email is known). */
export class RateLimited extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super({ statusCode: 429, error: 'rate_limited', message: 'Too many attempts; try again later', retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * On a handler of a public or link route: what its (still unvalidated) body names that is counted per identifier
 * besides the network — `@LimitIdentifiers((body) => ({ email: body.email, address: …, mobile: … }))`. Anything
 * that is not a string is ignored (the validation answers 400 for it).
 */
export const LimitIdentifiers = (of: (body: Record<string, unknown>) => Identifiers) => SetMetadata(IDENTIFIERS, of);

/** A body field as a string when it is one (for `@LimitIdentifiers`). */
export function stringField(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

const joinPath = (...parts: string[]) => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;
const firstPath = (path: unknown): string => (Array.isArray(path) ? String(path[0] ?? '') : typeof path === 'string' ? path : '');

/**
 * Every request to a public or link route that changes something (not GET) counts against its client's network
 * (`req.ip`, as TRUST_PROXY lets Express read it) and the identifiers its handler declares; beyond a limit: 429
 * with Retry-After, before the handler runs. Reading (GET) is not counted; staff and internal routes neither.
 */
@Injectable()
export class PublicRouteLimits implements NestInterceptor {
  private readonly limited: Set<string>;

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(LIMIT_RULES) private readonly rules: LimitRules,
    @Inject(LIMITED_ROUTES) routes: readonly RouteContract[],
    private readonly reflector: Reflector,
  ) {
    this.limited = new Set(routes.filter((r) => (r.access.kind === 'public' || r.access.kind === 'link') && r.method !== 'get').map((r) => `${r.method.toUpperCase()} ${joinPath(r.path)}`));
  }

  /** Whether a route (method and path of its contract) is counted. */
  counts(method: string, path: string): boolean {
    return this.limited.has(`${method.toUpperCase()} ${joinPath(path)}`);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    const path = joinPath(firstPath(Reflect.getMetadata(PATH_METADATA, context.getClass())), firstPath(Reflect.getMetadata(PATH_METADATA, handler)));
    if (method === undefined || !this.counts(RequestMethod[method], path)) return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const of = this.reflector.get<((body: Record<string, unknown>) => Identifiers) | undefined>(IDENTIFIERS, handler);
    const body: unknown = req.body;
    const identifiers = of && body && typeof body === 'object' ? of(body as Record<string, unknown>) : {};
    const decision = await this.limiter.hit(submissionHits(this.rules, req.ip ?? req.socket.remoteAddress ?? 'unknown', identifiers));
    if (!decision.allowed) {
      context.switchToHttp().getResponse<Response>().setHeader('retry-after', String(decision.retryAfterSeconds));
      throw new RateLimited(decision.retryAfterSeconds);
    }
    return next.handle();
  }
}

export interface RateLimitsModuleOptions {
  service: string;
  config: Partial<RateLimitConfig>;
  logger: { warn(details: object, message: string): void; info(details: object, message: string): void };
  /** The service's route contracts: with them, `PublicRouteLimits` guards its public and link routes (JSON APIs). */
  routes?: readonly RouteContract[];
}

/**
 * Redis-backed limits for a service (global): `RateLimiter` (its connection closed on shutdown) and `LIMIT_RULES`;
 * with `routes`, the interceptor that limits the service's public and link routes.
 */
@Module({})
export class RateLimitsModule {
  static forRoot(options: RateLimitsModuleOptions): DynamicModule {
    return {
      module: RateLimitsModule,
      global: true,
      providers: [
        {
          provide: RateLimiter,
          useFactory: () =>
            new RateLimiter(limitsRedis(options.config.REDIS_URL ?? 'redis://127.0.0.1:6379'), {
              prefix: options.config.RATE_LIMIT_KEY_PREFIX ?? 'trygg:limits',
              service: options.service,
              logger: options.logger,
            }),
        },
        { provide: LIMIT_RULES, useValue: limitRules(options.config) },
        ...(options.routes ? [{ provide: LIMITED_ROUTES, useValue: options.routes }, PublicRouteLimits, { provide: APP_INTERCEPTOR, useExisting: PublicRouteLimits }] : []),
      ],
      exports: [RateLimiter, LIMIT_RULES],
    };
  }
}
