import type { ResponseOf, RouteContract } from '@trygg/http-contracts';
import { MalformedAnswer } from '../application/malformed-answer';

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
