import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { assertRoutesMatch } from '@trygg/service-kit';
import { offlineApp } from '@trygg/service-testing';
import { BraReviewModule } from '../app.module';
import type { BraReviewConfig } from '../config';

describe('the bra-review HTTP routes', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await offlineApp(BraReviewModule.forRoot({ STAFF_DEV_GUARD: 'allow' } as BraReviewConfig, createLogger('test', 'silent')));
  });
  afterAll(() => app.close());

  it('are exactly the contract in libs/http-contracts', () => {
    assertRoutesMatch(app, serviceRoutes['bra-review']);
  });

  it('serve the OpenAPI document at GET /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(res.body).toEqual(apiDocument('bra-review'));
  });
});
