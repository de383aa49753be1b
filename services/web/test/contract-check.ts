import type { RouteContract } from '@trygg/http-contracts';

/**
 * TEST ONLY: keeps the web's fakes of other services honest. The fakes answer through `checkedAnswer`, which parses
 * every body with the service's contract (`@trygg/http-contracts`) for the route and status: a fake that drifts
 * from the real API throws (the fake then answers 500 and the test fails with the reason logged).
 */
export function routeMatching(routes: readonly RouteContract[], method: string | undefined, path: string): RouteContract | undefined {
  return routes.find((route) => route.method === method?.toLowerCase() && new RegExp(`^${route.path.replace(/\./g, '\\.').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`).test(path));
}

/** The body as the route's contract allows it for `status` (an error body gets the `statusCode` the real filter adds). */
export function checkedAnswer(route: RouteContract | undefined, status: number, body: unknown): unknown {
  const answer = status >= 400 && body && typeof body === 'object' && !('statusCode' in body) ? { statusCode: status, ...body } : body;
  if (!route) return answer;
  const declared = route.responses[status];
  if (!declared) throw new Error(`fake ${route.service} ${route.operationId}: answered ${status}, which the contract does not declare`);
  const result = declared.schema?.safeParse(answer);
  if (result && !result.success) {
    throw new Error(`fake ${route.service} ${route.operationId} ${status}: ${result.error.issues.map((i) => `${i.path.join('.') || '(the body)'}: ${i.message}`).join('; ')}`);
  }
  return answer;
}
