import { z } from 'zod';
import { defineRoute, openApiPath, pathParameterNames, type ResponseOf, type BodyOf } from './define-route';
import { openApiDocument } from './openapi';
import { apiDocument, serviceRoutes } from './services';
import { asyncApiDocument } from './asyncapi';
import { eventContracts, publishers, subscriptions } from '@trygg/contracts';

const getThing = defineRoute({
  service: 'sample',
  operationId: 'getThing',
  method: 'get',
  path: '/things/:thingId/parts/:partId',
  summary: 'One part of a thing',
  access: { kind: 'signed-in', roles: ['coordinator'], scope: 'resource' },
  params: z.object({ thingId: z.uuid(), partId: z.string() }),
  query: z.object({ verbose: z.enum(['true', 'false']).default('false'), lang: z.string().optional() }),
  responses: { 200: { description: 'the part', schema: z.object({ id: z.string(), size: z.number() }) }, 404: { description: 'not found' } },
});

const createThing = defineRoute({
  service: 'sample',
  operationId: 'createThing',
  method: 'post',
  path: '/things',
  summary: 'A new thing',
  access: { kind: 'internal', callers: ['web'], purpose: 'things' },
  body: z.object({ name: z.string().min(1), tags: z.array(z.string()).default([]) }).strict(),
  responses: { 201: { description: 'created', schema: z.object({ id: z.string() }) } },
});

describe('defineRoute', () => {
  it('is frozen, and types the body and the answers', () => {
    expect(Object.isFrozen(getThing)).toBe(true);
    const body: BodyOf<typeof createThing> = { name: 'x' };
    const answer: ResponseOf<typeof getThing, 200> = { id: 'a', size: 1 };
    expect([body, answer]).toHaveLength(2);
  });

  it('refuses a route without a success answer', () => {
    expect(() => defineRoute({ service: 's', operationId: 'bad', method: 'get', path: '/x', summary: 's', access: { kind: 'public' }, responses: { 404: { description: 'no' } } })).toThrow(/bad: no success/);
  });

  it('refuses an access scope naming a parameter the path does not have, a reviewer without a step, an internal route without callers', () => {
    const base = { service: 's', method: 'get', path: '/x/:m', summary: 's', responses: { 200: { description: 'ok' } } } as const;
    expect(() => defineRoute({ ...base, operationId: 'a', access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'other' } } })).toThrow(/a: the scope names the parameter "other"/);
    expect(() => defineRoute({ ...base, operationId: 'b', access: { kind: 'signed-in', roles: ['reviewer'], scope: 'resource' } })).toThrow(/b: the role reviewer and reviewerStep go together/);
    expect(() => defineRoute({ ...base, operationId: 'c', access: { kind: 'signed-in', roles: [], scope: 'resource' } })).toThrow(/c: a signed-in route names at least one role/);
    expect(() => defineRoute({ ...base, operationId: 'd', access: { kind: 'internal', callers: [], purpose: 'x' } })).toThrow(/d: an internal route names its callers/);
    expect(defineRoute({ ...base, operationId: 'e', access: { kind: 'signed-in', roles: ['coordinator'], scope: { municipalityParam: 'm' } } }).access.kind).toBe('signed-in');
  });

  it('converts Nest paths', () => {
    expect(openApiPath('/registrations/:id/parts/:partId')).toBe('/registrations/{id}/parts/{partId}');
    expect(pathParameterNames('/registrations/:id/parts/:partId')).toEqual(['id', 'partId']);
  });
});

describe('openApiDocument', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading a JSON document
  const doc = openApiDocument('sample', [getThing, createThing], { title: 'Sample', version: '1.2.3' }) as any;

  it('is an OpenAPI 3.1 document with paths in {id} form, path and query parameters', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Sample', version: '1.2.3' });
    expect(Object.keys(doc.paths)).toEqual(['/things', '/things/{thingId}/parts/{partId}']);
    const op = doc.paths['/things/{thingId}/parts/{partId}'].get;
    expect(op).toMatchObject({ operationId: 'getThing', summary: 'One part of a thing', tags: ['sample'], security: [{ signedIn: [] }] });
    expect(op['x-access']).toEqual({ kind: 'signed-in', roles: ['coordinator'], scope: 'resource' });
    expect(op.parameters).toEqual([
      { name: 'thingId', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', format: 'uuid' }) },
      { name: 'partId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'verbose', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'], default: 'false' } },
      { name: 'lang', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(op.responses['200'].content['application/json'].schema).toMatchObject({ type: 'object', required: ['id', 'size'] });
    expect(op.responses['404']).toEqual({ description: 'not found' });
    expect(doc.components.securitySchemes).toEqual({ signedIn: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }), internal: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
  });

  it('describes the request body as accepted (input side: defaults are optional)', () => {
    const schema = doc.paths['/things'].post.requestBody.content['application/json'].schema;
    expect(schema).toMatchObject({ type: 'object', required: ['name'], additionalProperties: false });
    expect(schema.$schema).toBeUndefined();
    expect(doc.paths['/things'].post.security).toEqual([{ internal: [] }]);
  });

  it('names the route whose schema zod cannot convert', () => {
    const odd = defineRoute({ service: 'sample', operationId: 'oddOne', method: 'get', path: '/odd', summary: 'odd', access: { kind: 'public' }, responses: { 200: { description: 'x', schema: z.object({ at: z.date() }) } } });
    expect(() => openApiDocument('sample', [odd], { title: 't', version: '1' })).toThrow(/sample oddOne \(GET \/odd\): the 200 response schema cannot be converted/);
  });

  it('refuses a params schema naming a parameter the path does not have, and a duplicate operationId', () => {
    const wrong = defineRoute({ service: 'sample', operationId: 'wrong', method: 'get', path: '/x/:id', summary: 's', access: { kind: 'public' }, params: z.object({ other: z.string() }), responses: { 200: { description: 'ok' } } });
    expect(() => openApiDocument('sample', [wrong], { title: 't', version: '1' })).toThrow(/"other", which is not in the path/);
    expect(() => openApiDocument('sample', [createThing, createThing], { title: 't', version: '1' })).toThrow(/used twice/);
  });
});

describe('every service\'s routes', () => {
  const all = Object.values(serviceRoutes).flat();

  it('have operationIds unique within their service (GET /audit is `auditRecords` in each) and a success answer', () => {
    for (const routes of Object.values(serviceRoutes)) {
      const ids = routes.map((r) => r.operationId);
      expect(new Set(ids).size).toBe(ids.length);
    }
    for (const route of all) {
      // Every route answers 2xx, except the unsubscribe URL opened in a browser, which only redirects (303).
      const success = Object.keys(route.responses).filter((s) => /^2\d\d$/.test(s));
      if (route.operationId === 'unsubscribePage') expect(Object.keys(route.responses)).toContain('303');
      else expect(success.length).toBeGreaterThan(0);
    }
  });

  it('each declare their access; every staff route under /staff/:m is scoped to the municipality in the path', () => {
    for (const route of all) {
      expect(['public', 'link', 'internal', 'signed-in']).toContain(route.access.kind);
      if (route.path.startsWith('/internal/')) expect(route.access.kind).toBe('internal');
      // Area messages (notifications' broadcasts) may also be sent by a police officer of a police area listing `m`.
      // The walks' monthly report is read, read-only, by the municipal roles and the police of an area listing `m` too.
      const roles = route.path.startsWith('/staff/:m/broadcasts')
        ? ['coordinator', 'police-officer']
        : route.path.startsWith('/staff/:m/walk-reports/')
          ? ['coordinator', 'municipal-role', 'police-officer']
          : ['coordinator'];
      if (route.path.startsWith('/staff/:m/')) expect(route.access).toEqual({ kind: 'signed-in', roles, scope: { municipalityParam: 'm' } });
    }
  });

  it('convert to OpenAPI documents (every schema is convertible)', () => {
    for (const service of Object.keys(serviceRoutes) as Array<keyof typeof serviceRoutes>) {
      const doc = apiDocument(service) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    }
  });
});

describe('asyncApiDocument', () => {
  it('has a channel per event type, a send operation per publisher and a receive operation per subscription', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading a JSON document
    const doc = asyncApiDocument() as any;
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels)).toHaveLength(eventContracts.length);
    expect(doc.channels['enrolment_member-joined_v1'].address).toBe('enrolment.member-joined.v1');
    const payload = doc.components.messages['enrolment_member-joined_v1'].payload.schema;
    expect(payload.properties.type).toEqual({ type: 'string', const: 'enrolment.member-joined.v1' });
    expect(payload.properties.payload.type).toBe('object');
    const receives = Object.values(subscriptions).reduce((n, types) => n + types.length, 0);
    const sends = Object.values(publishers).reduce((n, types) => n + types.length, 0);
    expect(Object.keys(doc.operations)).toHaveLength(receives + sends);
    expect(doc.operations['police-liaison_sends_onboarding_step-completed_v1']).toMatchObject({ action: 'send', channel: { $ref: '#/channels/onboarding_step-completed_v1' } });
    expect(doc.operations['volunteers_receives_onboarding_completed_v1']).toMatchObject({ action: 'receive', channel: { $ref: '#/channels/onboarding_completed_v1' } });
  });
});
