import { ConfigError, loadConfig } from './load-config';
import { serviceBaseShape } from './shared-settings';

const good = { PORT: '3001', KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094', MONGO_URL: 'mongodb://127.0.0.1:27017/enrolment' };

describe('loadConfig', () => {
  it('parses and converts a valid environment', () => {
    expect(loadConfig(serviceBaseShape, good)).toEqual({
      PORT: 3001,
      KAFKA_BROKERS: ['127.0.0.1:9092', '127.0.0.1:9094'],
      KAFKA_SSL: false,
      MONGO_URL: 'mongodb://127.0.0.1:27017/enrolment',
      LOG_LEVEL: 'info',
      TRUST_PROXY: ['loopback'],
      PERSONAL_DATA_RETENTION_MS: 14 * 24 * 3600 * 1000,
    });
  });

  it('names every missing and every bad variable in one error', () => {
    try {
      loadConfig(serviceBaseShape, { PORT: 'eighty', KAFKA_BROKERS: 'kafka' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT is invalid/);
      expect(message).toMatch(/KAFKA_BROKERS is invalid: each broker must be host:port/);
      expect(message).toMatch(/MONGO_URL is required/);
    }
  });

  it('reads TRUST_PROXY as a hop count or a list of CIDRs, and refuses anything else', () => {
    expect(loadConfig(serviceBaseShape, { ...good, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig(serviceBaseShape, { ...good, TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.1' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.1']);
    expect(loadConfig(serviceBaseShape, { ...good, TRUST_PROXY: 'uniquelocal' }).TRUST_PROXY).toEqual(['uniquelocal']);
    expect(() => loadConfig(serviceBaseShape, { ...good, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY is invalid: .*\(not: true\)/);
    expect(() => loadConfig(serviceBaseShape, { ...good, TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY is invalid/);
    expect(() => loadConfig(serviceBaseShape, { ...good, TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY is invalid/);
  });

  it('rejects a database URL of the wrong kind', () => {
    expect(() => loadConfig(serviceBaseShape, { ...good, MONGO_URL: 'postgres://x' })).toThrow(/MONGO_URL is invalid: must be a URL starting with mongodb:/);
  });
});
