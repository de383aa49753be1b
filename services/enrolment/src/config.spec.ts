import { loadEnrolmentConfig } from './config';

const base = { PORT: '4500', KAFKA_BROKERS: '127.0.0.1:9092', MONGO_URL: 'mongodb://127.0.0.1:27018/purge_config' };

describe('enrolment configuration of the purge of unconfirmed registrations', () => {
  it('erases 14 days after the link expired, at most 100 per municipality and round, unless told otherwise', () => {
    expect(loadEnrolmentConfig(base)).toMatchObject({ UNCONFIRMED_RETENTION_DAYS: 14, UNCONFIRMED_PURGE_BATCH: 100 });
    expect(loadEnrolmentConfig({ ...base, UNCONFIRMED_RETENTION_DAYS: '3' }).UNCONFIRMED_RETENTION_DAYS).toBe(3);
  });

  it('refuses more than 30 days (the confirmation email promises a few weeks) and zero, naming the variable', () => {
    expect(() => loadEnrolmentConfig({ ...base, UNCONFIRMED_RETENTION_DAYS: '31' })).toThrow(/UNCONFIRMED_RETENTION_DAYS.*at most 30/s);
    expect(() => loadEnrolmentConfig({ ...base, UNCONFIRMED_RETENTION_DAYS: '0' })).toThrow(/UNCONFIRMED_RETENTION_DAYS/);
  });
});
