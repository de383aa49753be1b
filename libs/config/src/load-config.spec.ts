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

  it('rejects a database URL of the wrong kind', () => {
    expect(() => loadConfig(serviceBaseShape, { ...good, MONGO_URL: 'postgres://x' })).toThrow(/MONGO_URL is invalid: must be a URL starting with mongodb:/);
  });
});
