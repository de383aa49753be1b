import type { ResponseOf, RouteContract } from '@trygg/http-contracts';
import { currentCorrelationId } from '@trygg/observability';
import { currentClientAddress } from '@trygg/rate-limits';
import { MalformedAnswer, TooManyAttempts } from '../application/malformed-answer';

/** The route's path with its `:name` parameters filled in (each URL-encoded), and the query if any. */
export function pathOf(route: RouteContract, params: Record<string, string> = {}, query?: URLSearchParams): string {
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.service} ${route.operationId}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const qs = query?.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * The answer's body parsed with the route's schema for its status (`@trygg/http-contracts`). A status the route
 * does not declare, or a body that does not match, is a MalformedAnswer naming the route and every problem (paths
 * and zod's messages, never the values: they may be personal data).
 */
export function parseAnswer<R extends RouteContract, S extends number>(route: R, status: S, body: unknown): ResponseOf<R, S> {
  const declared = route.responses[status];
  if (!declared) throw new MalformedAnswer(route.service, route.operationId, status, ['a status the contract does not declare']);
  if (!declared.schema) return undefined as ResponseOf<R, S>;
  const result = declared.schema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(the body)'}: ${issue.message}`);
    throw new MalformedAnswer(route.service, route.operationId, status, problems);
  }
  return result.data as ResponseOf<R, S>;
}

export interface RouteRequest {
  /** The service's base URL (a trailing slash is fine). */
  baseUrl: string;
  /** From `pathOf`. */
  path: string;
  /** Beside `accept` (JSON unless given), the correlation id and, with a body, its content type. */
  headers?: Record<string, string>;
  accept?: string;
  body?: unknown;
  /** A body that is not JSON (a photo's bytes), with its content type; instead of `body`. */
  rawBody?: { bytes: Uint8Array; contentType: string };
  timeoutMs: number;
  /** The adapter's own "service unavailable" error, for a network failure or a 5xx answer. */
  unavailable: (message: string) => Error;
}

/**
 * One call of a route of another service, as every HTTP adapter of the web makes it: method from the contract, JSON
 * body, correlation id, timeout; a network failure or a 5xx becomes the adapter's unavailable error (the path's long
 * tokens shown as `…`). The answer itself is the caller's to read (`answerBody`, or raw bytes).
 */
export async function requestRoute(route: RouteContract, request: RouteRequest): Promise<Response> {
  const method = route.method.toUpperCase();
  let res: Response;
  try {
    res = await fetch(`${request.baseUrl.replace(/\/$/, '')}${request.path}`, {
      method,
      headers: {
        accept: request.accept ?? 'application/json',
        'x-correlation-id': currentCorrelationId() ?? '',
        // The resident's address, so the called service's per-network limit counts their network, not the web's.
        ...(currentClientAddress() ? { 'x-forwarded-for': currentClientAddress() } : {}),
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(request.rawBody ? { 'content-type': request.rawBody.contentType } : {}),
        ...request.headers,
      },
      ...(request.rawBody ? { body: request.rawBody.bytes } : request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    throw request.unavailable((error as Error).message);
  }
  if (res.status >= 500) throw request.unavailable(`${shownCall(route, request.path)} answered ${res.status}`);
  if (res.status === 429) throw new TooManyAttempts(Math.max(1, Number(res.headers.get('retry-after')) || 60));
  return res;
}

/** `METHOD /path` for messages, secret tokens in the path replaced by `…`. */
export function shownCall(route: RouteContract, path: string): string {
  return `${route.method.toUpperCase()} ${path.replace(/\/[A-Za-z0-9_-]{20,}/g, '/…')}`;
}

/** The answer's body: JSON when it is JSON, the text otherwise, undefined when empty. */
export async function answerBody(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
