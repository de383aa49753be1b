import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { assertRoutesMatch } from '@trygg/service-kit';
import { offlineApp } from '@trygg/service-testing';
import { EnrolmentModule } from '../app.module';
import type { EnrolmentConfig } from '../config';

describe('the enrolment HTTP routes', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await offlineApp(EnrolmentModule.forRoot({ STAFF_DEV_GUARD: 'allow', INTERNAL_API_TOKEN: 'internal-token-for-tests-0123456789', WEB_PUBLIC_URL: 'https://trygg.example/' } as EnrolmentConfig, createLogger('test', 'silent')));
  });
  afterAll(() => app.close());

  it('are exactly the contract in libs/http-contracts', () => {
    assertRoutesMatch(app, serviceRoutes['enrolment']);
  });

  it('serve the OpenAPI document at GET /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(res.body).toEqual(apiDocument('enrolment'));
  });
});
