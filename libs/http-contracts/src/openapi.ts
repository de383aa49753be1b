import { z } from 'zod';
import { errorSchema } from './common';
import { openApiPath, pathParameterNames, type RouteAuth, type RouteContract } from './define-route';

type Json = Record<string, unknown>;

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

/** The security schemes, described as they are today (development guards are named as such). */
export const securitySchemes = {
  internalToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-internal-token',
    description: 'Service-to-service calls: the shared secret INTERNAL_API_TOKEN. Without a configured token nobody gets in (401).',
  },
  devStaff: {
    type: 'apiKey',
    in: 'header',
    name: 'x-dev-staff-municipality',
    description:
      'DEVELOPMENT GUARD — NOT AUTHENTICATION. Open only when the service runs with STAFF_DEV_GUARD=allow (401 otherwise); the caller names its ' +
      'municipality in this header (and may name itself in x-dev-staff-id, bra-review: x-dev-reviewer) and reaches only that municipality. ' +
      'Staff sign-in (OIDC) replaces it in a later issue.',
  },
  devPolice: {
    type: 'apiKey',
    in: 'header',
    name: 'x-dev-police-area',
    description:
      'DEVELOPMENT GUARD — NOT AUTHENTICATION. Open only when the service runs with STAFF_DEV_GUARD=allow (403 otherwise); the caller names its ' +
      'police area in this header (and itself in x-dev-police-officer). Police sign-in replaces it in a later issue.',
  },
} as const;

const SCHEME_OF: Record<RouteAuth, keyof typeof securitySchemes | null> = {
  public: null,
  link: null,
  staff: 'devStaff',
  police: 'devPolice',
  internal: 'internalToken',
};

const AUTH_NOTE: Record<RouteAuth, string | null> = {
  public: null,
  link: 'The secret in the path (a token from an email, or a callback secret) is the credential.',
  staff: null,
  police: null,
  internal: null,
};

/** A zod schema as JSON Schema 2020-12 without its `$schema` line (the document states the dialect once). */
export function jsonSchemaOf(route: Pick<RouteContract, 'service' | 'operationId' | 'method' | 'path'>, where: string, schema: z.ZodType, io: 'input' | 'output'): Json {
  let converted: Json;
  try {
    converted = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as Json;
  } catch (error) {
    throw new Error(
      `${route.service} ${route.operationId} (${route.method.toUpperCase()} ${route.path}): the ${where} schema cannot be converted to JSON Schema: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const { $schema: _dialect, ...rest } = converted;
  return rest;
}

function objectProperties(route: RouteContract, where: string, schema: z.ZodType): { properties: Record<string, Json>; required: string[] } {
  const json = jsonSchemaOf(route, where, schema, 'input');
  if (json['type'] !== 'object' || typeof json['properties'] !== 'object') {
    throw new Error(`${route.service} ${route.operationId}: the ${where} schema must be a z.object`);
  }
  return { properties: json['properties'] as Record<string, Json>, required: (json['required'] as string[] | undefined) ?? [] };
}

function parameters(route: RouteContract): Json[] {
  const names = pathParameterNames(route.path);
  const declared = route.params ? objectProperties(route, 'params', route.params).properties : {};
  for (const name of Object.keys(declared)) {
    if (!names.includes(name)) throw new Error(`${route.service} ${route.operationId}: params names "${name}", which is not in the path ${route.path}`);
  }
  const result: Json[] = names.map((name) => ({ name, in: 'path', required: true, schema: declared[name] ?? { type: 'string' } }));
  if (route.query) {
    const { properties, required } = objectProperties(route, 'query', route.query);
    for (const [name, schema] of Object.entries(properties)) {
      const { description, ...rest } = schema;
      result.push({ name, in: 'query', required: required.includes(name), ...(typeof description === 'string' ? { description } : {}), schema: rest });
    }
  }
  return result;
}

function operation(route: RouteContract): Json {
  const scheme = SCHEME_OF[route.auth];
  const description = [route.description, AUTH_NOTE[route.auth]].filter((x): x is string => !!x).join('\n\n');
  const op: Json = { operationId: route.operationId, summary: route.summary };
  if (description) op['description'] = description;
  op['tags'] = [route.service];
  const params = parameters(route);
  if (params.length) op['parameters'] = params;
  if (route.body) op['requestBody'] = { required: true, content: { 'application/json': { schema: jsonSchemaOf(route, 'body', route.body, 'input') } } };
  const responses: Json = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const answer: Json = { description: response.description };
    if (response.schema === errorSchema) {
      answer['content'] = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
    } else if (response.schema) {
      answer['content'] = { [response.contentType ?? 'application/json']: { schema: jsonSchemaOf(route, `${status} response`, response.schema, 'output') } };
    } else if (response.contentType) {
      answer['content'] = { [response.contentType]: { schema: { type: 'string' } } };
    }
    responses[status] = answer;
  }
  op['responses'] = responses;
  op['security'] = scheme ? [{ [scheme]: [] }] : [];
  return op;
}

/**
 * The OpenAPI 3.1 document of one service, from its route contracts: paths in `{id}` form, parameters, request
 * bodies as JSON Schema 2020-12 of what is accepted (zod input side), answers of what is returned (output side).
 */
export function openApiDocument(service: string, routes: readonly RouteContract[], info: DocumentInfo): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const operationIds = new Set<string>();
  for (const route of routes) {
    if (route.service !== service) throw new Error(`${route.operationId} belongs to ${route.service}, not ${service}`);
    if (operationIds.has(route.operationId)) throw new Error(`${service}: operationId ${route.operationId} is used twice`);
    operationIds.add(route.operationId);
    const path = openApiPath(route.path);
    const item = (paths[path] ??= {});
    if (item[route.method]) throw new Error(`${service}: ${route.method.toUpperCase()} ${route.path} is defined twice`);
    item[route.method] = operation(route);
  }
  const usedSchemes = [...new Set(routes.map((r) => SCHEME_OF[r.auth]).filter((s): s is keyof typeof securitySchemes => s !== null))].sort();
  const sortedPaths = Object.fromEntries(Object.keys(paths).sort().map((p) => [p, paths[p]]));
  const usesErrors = routes.some((r) => Object.values(r.responses).some((x) => x.schema === errorSchema));
  const schemas = usesErrors ? { Error: jsonSchemaOf({ service, operationId: 'Error', method: 'get', path: '/' }, 'error', errorSchema, 'output') } : {};
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: info.title,
      version: info.version,
      ...(info.description ? { description: info.description } : {}),
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    tags: [{ name: service }],
    paths: sortedPaths,
    components: { schemas, securitySchemes: Object.fromEntries(usedSchemes.map((s) => [s, securitySchemes[s]])) },
  };
}
