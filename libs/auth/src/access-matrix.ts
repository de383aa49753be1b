import { type Role, ROLES, type RouteContract } from '@trygg/http-contracts';

/** Who calls in a row of the matrix: a signed-in role, or nobody signed in. */
export type MatrixCaller = Role | 'anonymous';

export interface AccessMatrixRow {
  readonly route: RouteContract;
  readonly caller: MatrixCaller;
  /** `in`: the caller's municipality / police area / step is the one the request is about; `out`: another one. */
  readonly scope: 'in' | 'out';
  readonly expected: 'allow' | 'deny';
}

export const MATRIX_CALLERS: readonly MatrixCaller[] = ['anonymous', ...ROLES];

/**
 * What every route's declared access means for every caller, in and out of scope: public and link routes let
 * everyone through (the link's secret is checked by the handler); internal routes nobody signed in; a signed-in
 * route its roles, in scope only (a `platform` route has no scope: in and out are the same).
 */
export function accessMatrix(routes: readonly RouteContract[]): AccessMatrixRow[] {
  const rows: AccessMatrixRow[] = [];
  for (const route of routes) {
    for (const caller of MATRIX_CALLERS) {
      for (const scope of ['in', 'out'] as const) {
        rows.push({ route, caller, scope, expected: expected(route, caller, scope) });
      }
    }
  }
  return rows;
}

function expected(route: RouteContract, caller: MatrixCaller, scope: 'in' | 'out'): 'allow' | 'deny' {
  const access = route.access;
  switch (access.kind) {
    case 'public':
    case 'link':
      return 'allow';
    case 'internal':
      return 'deny';
    case 'signed-in':
      if (caller === 'anonymous' || !access.roles.includes(caller)) return 'deny';
      return scope === 'in' || access.scope === 'platform' ? 'allow' : 'deny';
  }
}

function cell(route: RouteContract, caller: MatrixCaller): string {
  const access = route.access;
  if (access.kind === 'public') return 'yes';
  if (access.kind === 'link') return 'link';
  if (access.kind === 'internal') return caller === 'anonymous' ? `internal: ${access.callers.join(', ')}` : '—';
  if (caller === 'anonymous' || !access.roles.includes(caller)) return '—';
  const step = caller === 'reviewer' && access.reviewerStep ? ` (${access.reviewerStep})` : '';
  if (access.scope === 'platform') return `yes${step}`;
  if (access.scope === 'resource') return `own${step}`;
  return 'municipalityParam' in access.scope ? `own municipality${step}` : `own police area${step}`;
}

/**
 * The matrix as Markdown: per service, every route × caller. `yes`: allowed; `own …`: allowed in the caller's
 * municipality / police area only (out of scope 403, or for `own` 404 from the handler); `link`: whoever holds the
 * link; `internal: <services>`: only those services with their secret; `—`: refused (401/403).
 */
export function accessMatrixMarkdown(services: Readonly<Record<string, readonly RouteContract[]>>): string {
  const lines = [
    '# Access matrix',
    '',
    'Generated from the route contracts (libs/http-contracts) by `npm run access:matrix` — do not edit by hand.',
    'Enforced by the one `AccessGuard` of libs/auth; the `src/http/routes.spec.ts` of every service tests it (`runAccessMatrix`).',
    '',
    '`yes`: allowed · `own municipality` / `own police area`: only the caller\'s own (another: 403) · `own`: the handler',
    'answers only what is in the caller\'s scope (anything else: 404) · `link`: whoever holds the secret link ·',
    '`internal: …`: only the named services, with their own secret · `—`: refused (401 without a token, 403 without the role).',
  ];
  for (const [service, routes] of Object.entries(services)) {
    lines.push('', `## ${service}`, '', `| Route | ${MATRIX_CALLERS.join(' | ')} |`, `|---|${MATRIX_CALLERS.map(() => '---').join('|')}|`);
    for (const route of routes) lines.push(`| \`${route.method.toUpperCase()} ${route.path}\` | ${MATRIX_CALLERS.map((c) => cell(route, c)).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
