import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, type Provider, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { APP_GUARD } from '@nestjs/core';
import type { RouteAccess, RouteContract } from '@trygg/http-contracts';
import { loadMunicipalities } from '@trygg/municipalities';
import { Forbidden, type Principal, Unauthenticated } from './principal';
import { TokenVerifier } from './token-verifier';
import { internalSecretName, internalSecretsFrom, sameSecret } from './internal-secrets';
import { type TrustedIssuer, trustedIssuersFrom } from './trusted-issuers';

/** The identity providers whose tokens are accepted (default: every municipality's identity.yaml); tests override it. */
export const TRUSTED_ISSUERS = Symbol('TRUSTED_ISSUERS');
/** The service's route contracts (its own and the kit's), as given to ServiceKitModule.forRoot({ routes }). */
export const ROUTE_CONTRACTS = Symbol('ROUTE_CONTRACTS');
/** INTERNAL_SECRET_<CALLER>_<PURPOSE> -> secret, of the configured ones. */
export const INTERNAL_SECRETS = Symbol('INTERNAL_SECRETS');

interface Req {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string | undefined>;
  principal?: Principal;
  internalCaller?: string;
}
interface Res {
  setHeader(name: string, value: string): void;
}

function joinPath(...parts: string[]): string {
  return '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '').join('/');
}
const firstPath = (value: unknown): string => (Array.isArray(value) ? String(value[0] ?? '/') : typeof value === 'string' ? value : '/');
const header = (req: Req, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** May this principal use a route of these roles (a reviewer only for the named step)? */
export function holdsRole(principal: Principal, access: Extract<RouteAccess, { kind: 'signed-in' }>): boolean {
  return access.roles.some((role) =>
    role === 'reviewer' ? access.reviewerStep !== undefined && principal.reviewerSteps.includes(access.reviewerStep) : principal.roles.includes(role),
  );
}

/**
 * The one guard of every service's HTTP API (APP_GUARD): finds the contract of the handled route (method + Nest
 * path) and enforces its `access`. No contract: 403 `no_policy`. `public`/`link`: through. `internal`: the caller's
 * own secret (401). `signed-in`: a valid bearer token (401 + WWW-Authenticate), one of the roles and the scope
 * named by a path parameter (403); `req.principal` is then set for `@CurrentPrincipal()`. Event handlers (RPC) are not its business.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly byRoute: Map<string, RouteContract>;

  constructor(
    @Inject(ROUTE_CONTRACTS) routes: readonly RouteContract[],
    private readonly verifier: TokenVerifier,
    @Inject(INTERNAL_SECRETS) private readonly secrets: ReadonlyMap<string, string>,
  ) {
    this.byRoute = new Map(routes.map((r) => [`${r.method.toUpperCase()} ${joinPath(r.path)}`, r]));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler();
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
    const path = joinPath(firstPath(Reflect.getMetadata(PATH_METADATA, context.getClass())), firstPath(Reflect.getMetadata(PATH_METADATA, handler)));
    const route = method === undefined ? undefined : this.byRoute.get(`${RequestMethod[method]} ${path}`);
    if (!route) throw new Forbidden(`no access policy is declared for ${method === undefined ? '?' : RequestMethod[method]} ${path}`, 'no_policy');
    const req = context.switchToHttp().getRequest<Req>();
    const access = route.access;
    switch (access.kind) {
      case 'public':
      case 'link':
        return true;
      case 'internal':
        req.internalCaller = this.internalCaller(req, access);
        return true;
      case 'signed-in': {
        let principal: Principal;
        try {
          principal = await this.verifier.verify(header(req, 'authorization'));
        } catch (error) {
          if (error instanceof Unauthenticated) context.switchToHttp().getResponse<Res>().setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
          throw error;
        }
        if (!holdsRole(principal, access)) throw new Forbidden(`this needs the role ${access.roles.join(' or ')}${access.reviewerStep ? ` (step ${access.reviewerStep})` : ''}`);
        if (typeof access.scope === 'object') {
          if ('municipalityParam' in access.scope) {
            const m = req.params[access.scope.municipalityParam];
            if (!m || !principal.municipalityIds.includes(m)) throw new Forbidden('not your municipality');
          } else {
            const area = req.params[access.scope.policeAreaParam];
            if (!area || area !== principal.policeAreaId) throw new Forbidden('not your police area');
          }
        }
        req.principal = principal;
        return true;
      }
    }
  }

  private internalCaller(req: Req, access: Extract<RouteAccess, { kind: 'internal' }>): string {
    const caller = header(req, 'x-internal-caller');
    const given = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1];
    const expected = caller && access.callers.includes(caller) ? this.secrets.get(internalSecretName(caller, access.purpose)) : undefined;
    // Compared even when nothing is expected, so a wrong caller takes as long as a wrong secret.
    const ok = sameSecret(given ?? '', expected ?? '\u0000no secret') && expected !== undefined && given !== undefined;
    if (!ok) throw new Unauthenticated(`this is an internal route (${access.purpose}): x-internal-caller and its secret are required`);
    return caller as string;
  }
}

/** The signed-in principal of the request (set by AccessGuard on `signed-in` routes). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<Req>().principal;
  if (!principal) throw new Unauthenticated('this route has no signed-in principal');
  return principal;
});

export interface AccessOptions {
  /** The service's route contracts (its own and the kit's). */
  routes: readonly RouteContract[];
  /** Where INTERNAL_SECRET_* are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The providers of access control for a service: `TRUSTED_ISSUERS` (from every municipality's identity.yaml;
 * override in tests), `TokenVerifier`, `INTERNAL_SECRETS` (refused at start when too short or the example), the
 * route contracts, and `AccessGuard` as the global guard.
 */
export function accessProviders(options: AccessOptions): Provider[] {
  return [
    { provide: ROUTE_CONTRACTS, useValue: options.routes },
    { provide: TRUSTED_ISSUERS, useFactory: () => trustedIssuersFrom(loadMunicipalities()) },
    { provide: TokenVerifier, inject: [TRUSTED_ISSUERS], useFactory: (trusted: TrustedIssuer[]) => new TokenVerifier(trusted) },
    { provide: INTERNAL_SECRETS, useFactory: () => internalSecretsFrom(options.routes, options.env ?? process.env) },
    { provide: APP_GUARD, useClass: AccessGuard },
  ];
}
