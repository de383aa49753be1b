import { Controller, type DynamicModule, Get, Header, Inject, type INestApplication, Module, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

/** GET /openapi.json: the service's OpenAPI document (generated from libs/http-contracts), as it is. */
@Controller()
export class OpenApiController {
  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: Record<string, unknown>) {}

  @Get('openapi.json')
  @Header('cache-control', 'no-cache')
  openApi(): Record<string, unknown> {
    return this.document;
  }
}

/** Serves a service's OpenAPI document at `GET /openapi.json`: `OpenApiModule.forRoot(apiDocument('enrolment'))`. */
@Module({})
export class OpenApiModule {
  static forRoot(document: Record<string, unknown>): DynamicModule {
    return { module: OpenApiModule, controllers: [OpenApiController], providers: [{ provide: OPENAPI_DOCUMENT, useValue: document }] };
  }
}

/** An HTTP route as `METHOD /path/:param` (Nest style). */
export interface HttpRoute {
  method: string;
  path: string;
}

/** Routes no contract describes: the health probes and the OpenAPI document itself. */
const IGNORED = [/^\/health(\/|$)/, /^\/openapi\.json$/];

function joinPath(...parts: string[]): string {
  const joined = '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '').join('/');
  return joined;
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : '/'];
}

/**
 * The HTTP routes of the app's controllers (from Nest's route metadata, as `@Controller` + `@Get`… declare them),
 * sorted; `@EventPattern` handlers and controllers without HTTP routes give none.
 */
export function discoverRoutes(app: INestApplication): HttpRoute[] {
  const scanner = new MetadataScanner();
  const found = new Map<string, HttpRoute>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type || typeof type !== 'function') continue;
      const prefixes = asList(Reflect.getMetadata(PATH_METADATA, type));
      const prototype = type.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        const paths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
        const method: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
        if (paths === undefined || method === undefined) continue;
        for (const prefix of prefixes) {
          for (const path of asList(paths)) {
            const route = { method: String(RequestMethod[method as RequestMethod]).toUpperCase(), path: joinPath(prefix, path) };
            found.set(`${route.method} ${route.path}`, route);
          }
        }
      }
    }
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** What the app serves that the contract does not name, and what the contract names that the app does not serve. */
export function compareRoutes(app: INestApplication, contract: readonly HttpRoute[]): { notInContract: string[]; notInApp: string[] } {
  const key = (r: HttpRoute) => `${r.method.toUpperCase()} ${joinPath(r.path)}`;
  const served = new Set(discoverRoutes(app).filter((r) => !IGNORED.some((re) => re.test(r.path))).map(key));
  const declared = new Set(contract.map(key));
  return {
    notInContract: [...served].filter((r) => !declared.has(r)).sort(),
    notInApp: [...declared].filter((r) => !served.has(r)).sort(),
  };
}

/**
 * Fails (naming every difference) unless the app's controllers serve exactly the contract's routes, apart from
 * /health/* and /openapi.json. For a service's tests: `assertRoutesMatch(app, serviceRoutes.enrolment)`.
 */
export function assertRoutesMatch(app: INestApplication, contract: readonly HttpRoute[]): void {
  const { notInContract, notInApp } = compareRoutes(app, contract);
  if (notInContract.length === 0 && notInApp.length === 0) return;
  const lines = [
    'the HTTP routes differ from the contract (libs/http-contracts):',
    ...notInContract.map((r) => `  served but not in the contract: ${r}`),
    ...notInApp.map((r) => `  in the contract but not served: ${r}`),
  ];
  throw new Error(lines.join('\n'));
}
