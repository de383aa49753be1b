/**
 * The roles of signed-in people. Which identity-provider groups grant them is configuration
 * (`municipalities/<id>/identity.yaml`); libs/auth maps tokens to them and enforces a route's `access`.
 * - `coordinator`: one municipality's grannsamverkan work (residents, groups, decisions);
 * - `police-officer`: one police area = the municipalities listing it;
 * - `reviewer`: one named plug-in step (`reviewerStep`) in one municipality;
 * - `municipal-role`: read-only reports of one municipality;
 * - `data-protection-officer`: the municipality's audit records;
 * - `admin`: platform operation (processes, queues), no resident data unless also coordinator.
 */
export const ROLES = ['coordinator', 'police-officer', 'reviewer', 'municipal-role', 'data-protection-officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Extra permissions on top of a role: `protected-identity` lets a coordinator see people with protected identity. */
export const PERMISSIONS = ['protected-identity'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Where a signed-in principal may act on a route:
 * - `{ municipalityParam: 'm' }`: only when the path parameter `m` is one of the principal's municipalities (403 otherwise);
 * - `{ policeAreaParam: 'id' }`: only when the path parameter `id` is the officer's police area (403 otherwise);
 * - `'resource'`: the handler scopes every query by the principal (out of scope → 404, never data);
 * - `'platform'`: admin-only operations, not tied to a municipality.
 */
export type AccessScope = { readonly municipalityParam: string } | { readonly policeAreaParam: string } | 'resource' | 'platform';

/**
 * Who may call a route (enforced by libs/auth's one global `AccessGuard`):
 * - `public`: anyone (resident forms, health, the OpenAPI document);
 * - `link`: whoever holds the secret in the path (a token from an email, a provider's callback secret);
 * - `internal`: another service: `authorization: Bearer <secret>` + `x-internal-caller: <caller>`, the secret of
 *   env `INTERNAL_SECRET_<CALLER>_<PURPOSE>`;
 * - `signed-in`: a bearer access token from a trusted identity provider whose principal holds one of `roles`
 *   (and, for `reviewer`, the `reviewerStep`), within `scope`.
 */
export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'link' }
  | { readonly kind: 'internal'; readonly callers: readonly string[]; readonly purpose: string }
  | { readonly kind: 'signed-in'; readonly roles: readonly Role[]; readonly scope: AccessScope; readonly reviewerStep?: string };

export const PUBLIC: RouteAccess = Object.freeze({ kind: 'public' });
export const LINK: RouteAccess = Object.freeze({ kind: 'link' });
