import { Body, Controller, Delete, Get, type INestApplication, Param, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { assertRoutesMatch, compareRoutes, discoverRoutes, OpenApiModule } from './openapi.module';

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return [];
  }

  @Get(':id')
  one(@Param('id') id: string) {
    return { id };
  }

  @Post()
  create(@Body() body: unknown) {
    return body;
  }

  @Delete(':id/parts/:partId')
  remove() {
    return undefined;
  }

  /** Not a route: no HTTP metadata. */
  helper() {
    return 1;
  }
}

@Controller('health')
class HealthController {
  @Get('live')
  live() {
    return { status: 'ok' };
  }
}

const document = { openapi: '3.1.0', info: { title: 'things', version: '1' }, paths: {} };

describe('OpenApiModule and assertRoutesMatch', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [OpenApiModule.forRoot(document)], controllers: [ThingsController, HealthController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves the document at GET /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(res.body).toEqual(document);
  });

  it('discovers the controllers\' HTTP routes from their metadata', () => {
    expect(discoverRoutes(app)).toEqual([
      { method: 'GET', path: '/health/live' },
      { method: 'GET', path: '/openapi.json' },
      { method: 'GET', path: '/things' },
      { method: 'POST', path: '/things' },
      { method: 'GET', path: '/things/:id' },
      { method: 'DELETE', path: '/things/:id/parts/:partId' },
    ]);
  });

  it('passes when the contract names exactly the served routes (health and openapi.json aside)', () => {
    expect(() =>
      assertRoutesMatch(app, [
        { method: 'get', path: '/things' },
        { method: 'post', path: '/things' },
        { method: 'get', path: '/things/:id' },
        { method: 'delete', path: '/things/:id/parts/:partId' },
      ]),
    ).not.toThrow();
  });

  it('names the routes served but not in the contract, and those in the contract but not served', () => {
    const contract = [
      { method: 'get', path: '/things' },
      { method: 'post', path: '/things' },
      { method: 'put', path: '/things/:id' },
    ];
    expect(compareRoutes(app, contract)).toEqual({
      notInContract: ['DELETE /things/:id/parts/:partId', 'GET /things/:id'],
      notInApp: ['PUT /things/:id'],
    });
    expect(() => assertRoutesMatch(app, contract)).toThrow(/served but not in the contract: GET \/things\/:id[\s\S]*in the contract but not served: PUT \/things\/:id/);
  });
});
