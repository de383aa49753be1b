import type { z } from 'zod';
import type { RouteAccess } from './access';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteResponse {
  readonly description: string;
  /** The JSON body; none for an empty answer (204, a redirect) or a body that is not JSON (see `contentType`). */
  readonly schema?: z.ZodType;
  /** When the body is not JSON (a CSV export, an HTML preview): its media type. */
  readonly contentType?: string;
}

/** One HTTP endpoint of a service: what it accepts and what it answers, once, for the service and its clients. */
export interface RouteContract<
  TParams extends z.ZodType | undefined = z.ZodType | undefined,
  TQuery extends z.ZodType | undefined = z.ZodType | undefined,
  TBody extends z.ZodType | undefined = z.ZodType | undefined,
  TResponses extends Readonly<Record<number, RouteResponse>> = Readonly<Record<number, RouteResponse>>,
> {
  readonly service: string;
  readonly operationId: string;
  readonly method: HttpMethod;
  /** Nest style: `/registrations/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  /** Who may call it (see RouteAccess); every route has one, enforced by libs/auth's AccessGuard. */
  readonly access: RouteAccess;
  /** A z.object of the path parameters (each a string in the URL); a parameter without one is any string. */
  readonly params?: TParams;
  /** A z.object of the query parameters. */
  readonly query?: TQuery;
  /** The JSON request body. */
  readonly body?: TBody;
  readonly responses: TResponses;
}

/** A route as `defineRoute` returns it: `body`, `params` and `query` are exactly what was given (undefined if not). */
export type DefinedRoute<TParams extends z.ZodType | undefined, TQuery extends z.ZodType | undefined, TBody extends z.ZodType | undefined, TResponses extends Readonly<Record<number, RouteResponse>>> = Omit<
  RouteContract<TParams, TQuery, TBody, TResponses>,
  'params' | 'query' | 'body'
> & { readonly params: TParams; readonly query: TQuery; readonly body: TBody };

export function defineRoute<
  const TParams extends z.ZodType | undefined = undefined,
  const TQuery extends z.ZodType | undefined = undefined,
  const TBody extends z.ZodType | undefined = undefined,
  const TResponses extends Readonly<Record<number, RouteResponse>> = Readonly<Record<number, RouteResponse>>,
>(route: RouteContract<TParams, TQuery, TBody, TResponses>): DefinedRoute<TParams, TQuery, TBody, TResponses> {
  if (!route.path.startsWith('/')) throw new Error(`${route.service} ${route.operationId}: the path must start with "/" (${route.path})`);
  if (!Object.keys(route.responses).some((status) => /^[23]\d\d$/.test(status))) {
    throw new Error(`${route.service} ${route.operationId}: no success (2xx or redirect) response`);
  }
  const access = route.access;
  if (access.kind === 'signed-in') {
    if (access.roles.length === 0) throw new Error(`${route.service} ${route.operationId}: a signed-in route names at least one role`);
    const param = typeof access.scope === 'object' ? ('municipalityParam' in access.scope ? access.scope.municipalityParam : access.scope.policeAreaParam) : null;
    if (param !== null && !pathParameterNames(route.path).includes(param)) {
      throw new Error(`${route.service} ${route.operationId}: the scope names the parameter "${param}", which is not in the path ${route.path}`);
    }
    if (access.roles.includes('reviewer') !== (access.reviewerStep !== undefined)) {
      throw new Error(`${route.service} ${route.operationId}: the role reviewer and reviewerStep go together`);
    }
  }
  if (access.kind === 'internal' && (access.callers.length === 0 || !/^[a-z][a-z0-9-]*$/.test(access.purpose))) {
    throw new Error(`${route.service} ${route.operationId}: an internal route names its callers and a purpose in kebab-case`);
  }
  return Object.freeze({ ...route, responses: Object.freeze({ ...route.responses }) }) as DefinedRoute<TParams, TQuery, TBody, TResponses>;
}

/** What a client sends as the body (the input side: defaults may be left out). */
export type BodyOf<R> = R extends RouteContract<z.ZodType | undefined, z.ZodType | undefined, infer B> ? (B extends z.ZodType ? z.input<B> : never) : never;
/** What the service makes of the body after validation (defaults filled in, values normalised). */
export type ParsedBodyOf<R> = R extends RouteContract<z.ZodType | undefined, z.ZodType | undefined, infer B> ? (B extends z.ZodType ? z.output<B> : never) : never;
export type QueryOf<R> = R extends RouteContract<z.ZodType | undefined, infer Q> ? (Q extends z.ZodType ? z.input<Q> : never) : never;
/** The JSON body of the answer with status S. */
export type ResponseOf<R, S extends number> =
  R extends RouteContract<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, infer T>
    ? S extends keyof T
      ? T[S] extends { schema: infer Z extends z.ZodType }
        ? z.output<Z>
        : undefined
      : never
    : never;

/** The names of the `:name` parameters of a Nest-style path, in order. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

/**
 * The path parameters that carry a secret (a link token, a provider's callback secret): by convention those named
 * `token` or `secret` (a `link` route's token is one, or travels in the body). Logs never show them (service-kit hands them to libs/observability).
 */
export function secretPathParams(route: Pick<RouteContract, 'path'>): string[] {
  return pathParameterNames(route.path).filter((name) => name === 'token' || name === 'secret');
}

/** `/registrations/:id` → `/registrations/{id}` (OpenAPI style). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
