import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { apiDocument, serviceRoutes } from '@trygg/http-contracts';
import { createLogger } from '@trygg/observability';
import { assertRoutesMatch } from '@trygg/service-kit';
import { offlineApp } from '@trygg/service-testing';
import { NotificationsModule } from '../app.module';
import type { NotificationsConfig } from '../config';
import { BullMessageQueues } from '../infrastructure/message-queues';
import { RedisConnection } from '../infrastructure/redis';
import { SmtpMailer } from '../infrastructure/smtp-mailer';

describe('the notifications HTTP routes', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const config = {
      STAFF_DEV_GUARD: 'allow',
      INTERNAL_API_TOKEN: 'internal-token-for-tests-0123456789',
      SMS_DELIVERY_REPORT_SECRET: 'secret-for-tests-0123456789',
      SMS_DELIVERY_REPORT_BASE_URL: 'http://notifications.test/',
      SMS_PROVIDER_URL: 'http://sms.test/',
      WEB_PUBLIC_URL: 'https://trygg.example/',
      NOTIFICATIONS_PUBLIC_URL: 'http://notifications.test/',
      ENROLMENT_URL: 'http://enrolment.test/',
    } as unknown as NotificationsConfig;
    app = await offlineApp(NotificationsModule.forRoot(config, createLogger('test', 'silent')), (b) =>
      b.overrideProvider(RedisConnection).useValue({ client: {} }).overrideProvider(BullMessageQueues).useValue({}).overrideProvider(SmtpMailer).useValue({}),
    );
  });
  afterAll(() => app.close());

  it('are exactly the contract in libs/http-contracts', () => {
    assertRoutesMatch(app, serviceRoutes.notifications);
  });

  it('serve the OpenAPI document at GET /openapi.json', async () => {
    const res = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(res.body).toEqual(apiDocument('notifications'));
  });
});
