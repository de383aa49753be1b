import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { EventEnvelope } from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import { AllExceptionsFilter } from '@trygg/service-kit';
import type { Registration } from '../domain/registration';
import { SubmitRegistration } from '../application/submit-registration';
import { RegistrationsController } from './registrations.controller';

describe('POST /registrations', () => {
  let app: INestApplication;
  const saved: Array<{ registration: Registration; events: EventEnvelope[] }> = [];

  beforeAll(async () => {
    const store = { insertWithEvents: async (registration: Registration, events: EventEnvelope[]) => void saved.push({ registration, events }) };
    const moduleRef = await Test.createTestingModule({
      controllers: [RegistrationsController],
      providers: [{ provide: SubmitRegistration, useValue: new SubmitRegistration(store, { exists: (id) => id === 'ale' }) }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(new AllExceptionsFilter(createLogger('test', 'silent')));
    await app.init();
  });

  afterAll(() => app.close());
  beforeEach(() => saved.splice(0));

  it('accepts a valid registration with 202 and stores it once', async () => {
    const res = await request(app.getHttpServer())
      .post('/registrations')
      .send({ municipalityId: 'ale', name: 'Anna', email: 'anna@example.se' })
      .expect(202);
    expect(res.body).toEqual({ registrationId: expect.any(String), status: 'submitted' });
    expect(saved).toHaveLength(1);
  });

  it('answers 400 naming each bad field, and stores nothing', async () => {
    const res = await request(app.getHttpServer()).post('/registrations').send({ municipalityId: 'ale', email: 'nope' }).expect(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'name']);
    expect(saved).toHaveLength(0);
  });

  it('answers 400 for an unknown municipality, naming the field', async () => {
    const res = await request(app.getHttpServer())
      .post('/registrations')
      .send({ municipalityId: 'atlantis', name: 'Anna', email: 'anna@example.se' })
      .expect(400);
    expect(res.body.fields).toEqual([{ field: 'municipalityId', message: 'unknown municipality' }]);
    expect(saved).toHaveLength(0);
  });

  it('answers 400, not 500, for a body that is not an object', async () => {
    await request(app.getHttpServer()).post('/registrations').set('content-type', 'application/json').send('[1,2]').expect(400);
    await request(app.getHttpServer()).post('/registrations').set('content-type', 'application/json').send('"text"').expect(400);
    expect(saved).toHaveLength(0);
  });
});
