import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { assertRoutesMatch } from '@trygg/service-kit';
import { offlineApp } from '@trygg/service-testing';
import { VolunteersModule } from '../app.module';
import type { VolunteersConfig } from '../config';

describe('the volunteers HTTP routes', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await offlineApp(VolunteersModule.forRoot({ STAFF_DEV_GUARD: 'allow' } as VolunteersConfig, createLogger('test', 'silent')));
  });
  afterAll(() => app.close());

  it('are exactly the contract in libs/http-contracts', () => {
    assertRoutesMatch(app, serviceRoutes['volunteers']);
  });

  it('serve the OpenAPI document at GET /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(res.body).toEqual(apiDocument('volunteers'));
  });
});
