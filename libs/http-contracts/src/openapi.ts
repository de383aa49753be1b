import { z } from 'zod';
import { errorSchema } from './common';
import type { RouteAccess } from './access';
import { openApiPath, pathParameterNames, type RouteContract } from './define-route';

type Json = Record<string, unknown>;

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

/** The security schemes: a signed-in person's access token, or another service's secret. */
export const securitySchemes = {
  signedIn: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An access token (JWT) from an identity provider the municipalities trust (municipalities/<id>/identity.yaml): signature (JWKS), ' +
      'issuer, audience and expiry are checked; roles come from its groups claim. Missing or invalid: 401; wrong role or scope: 403.',
  },
  internal: {
    type: 'http',
    scheme: 'bearer',
    description:
      'Service-to-service: `authorization: Bearer <secret>` and `x-internal-caller: <service>`; the secret is the env ' +
      'INTERNAL_SECRET_<CALLER>_<PURPOSE> of the called service (one per caller and purpose). Missing or wrong: 401.',
  },
} as const;

function schemeOf(access: RouteAccess): keyof typeof securitySchemes | null {
  if (access.kind === 'signed-in') return 'signedIn';
  if (access.kind === 'internal') return 'internal';
  return null;
}

/** The access of a route, in words, for its description. */
export function describeAccess(access: RouteAccess): string | null {
  switch (access.kind) {
    case 'public':
      return null;
    case 'link':
      return 'The secret in the path (a token from an email, or a callback secret) is the credential.';
    case 'internal':
      return `Internal (${access.purpose}): called by ${access.callers.join(', ')}.`;
    case 'signed-in': {
      const scope =
        access.scope === 'resource'
          ? 'only what is in their scope (anything else: 404)'
          : access.scope === 'platform'
            ? 'platform operation'
            : 'municipalityParam' in access.scope
              ? `only their own municipality (:${access.scope.municipalityParam}; another: 403)`
              : `only their own police area (:${access.scope.policeAreaParam}; another: 403)`;
      const step = access.reviewerStep ? ` of step ${access.reviewerStep}` : '';
      return `Signed in as ${access.roles.join(' or ')}${step}; ${scope}.`;
    }
  }
}

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
  const scheme = schemeOf(route.access);
  const description = [route.description, describeAccess(route.access)].filter((x): x is string => !!x).join('\n\n');
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
  op['x-access'] = route.access;
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
  const usedSchemes = [...new Set(routes.map((r) => schemeOf(r.access)).filter((s): s is keyof typeof securitySchemes => s !== null))].sort();
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
