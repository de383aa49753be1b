import { EXAMPLE_INTERNAL_SECRET } from '@trygg/config';
import { loadNotificationsConfig } from './config';

// The variables every notifications process needs.
const base = { PORT: '3004', KAFKA_BROKERS: '127.0.0.1:9092', MONGO_URL: 'mongodb://127.0.0.1:27018/n', REDIS_URL: 'redis://127.0.0.1:6380', SMTP_URL: 'smtp://127.0.0.1:1025' };
const good = 'f3a9c1d2e4b5a6978812c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718';

describe('SMS_DELIVERY_REPORT_SECRET', () => {
  it('has no default: the service does not start without it, and says so by name', () => {
    expect(() => loadNotificationsConfig(base)).toThrow(/SMS_DELIVERY_REPORT_SECRET is required/);
  });

  it('refuses the old code default, a short one, one unfit for a URL path and the .env.example placeholder', () => {
    for (const [value, why] of [
      ['local-delivery-report-secret', 'at least 32 bytes'],
      ['a'.repeat(31), 'at least 32 bytes'],
      [`${'a'.repeat(32)}/x`, 'letters, digits'],
      [`${'a'.repeat(32)} `, 'letters, digits'],
      [EXAMPLE_INTERNAL_SECRET, 'example value'],
    ]) {
      expect(() => loadNotificationsConfig({ ...base, SMS_DELIVERY_REPORT_SECRET: value })).toThrow(new RegExp(`SMS_DELIVERY_REPORT_SECRET is invalid: .*${why}`));
    }
  });

  it('accepts 32+ random bytes (openssl rand -hex 32)', () => {
    expect(loadNotificationsConfig({ ...base, SMS_DELIVERY_REPORT_SECRET: good }).SMS_DELIVERY_REPORT_SECRET).toBe(good);
  });
});
