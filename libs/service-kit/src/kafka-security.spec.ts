import { ConfigError, loadConfig, serviceBaseShape } from '@trygg/config';
import { kafkaConnectionOptions } from '@trygg/messaging';
import { kafkaSecurityOf } from './service-kit.module';

// The environment → libs/config → libs/messaging → kafkajs options chain, as service-kit wires it for the producer,
// the consumers and the admin client (all three come from the one Kafka object createKafka builds).

const base = { PORT: '3005', KAFKA_BROKERS: 'kafka-1:9093', MONGO_URL: 'mongodb://db/onboarding' };
const files: Record<string, string> = { '/run/ca.pem': 'CA-PEM', '/run/client.pem': 'CERT-PEM', '/run/client.key': 'KEY-PEM' };
const readFile = (path: string) => {
  const content = files[path];
  if (content === undefined) throw new Error('ENOENT: no such file');
  return content;
};
const optionsFor = (env: Record<string, string>) => kafkaConnectionOptions(kafkaSecurityOf(loadConfig(serviceBaseShape, { ...base, ...env })), readFile);
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(serviceBaseShape, { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('Kafka security: environment → kafkajs options', () => {
  it('is PLAINTEXT without SASL when nothing is set (local infrastructure)', () => {
    expect(optionsFor({})).toEqual({});
  });

  it.each(['scram-sha-256', 'scram-sha-512', 'SCRAM-SHA-512'])('passes SASL %s with the service user over TLS with the CA file', (mechanism) => {
    expect(
      optionsFor({ KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'onboarding', KAFKA_SASL_PASSWORD: 's3cret', KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/run/ca.pem' }),
    ).toEqual({
      sasl: { mechanism: mechanism.toLowerCase(), username: 'onboarding', password: 's3cret' },
      ssl: { rejectUnauthorized: true, ca: ['CA-PEM'] },
    });
  });

  it('passes SCRAM without TLS (the password is not sent; the traffic is not encrypted)', () => {
    expect(optionsFor({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'enrolment', KAFKA_SASL_PASSWORD: 'p' })).toEqual({
      sasl: { mechanism: 'scram-sha-256', username: 'enrolment', password: 'p' },
    });
  });

  it('passes PLAIN over TLS, a client certificate, and the system trust store without a CA file', () => {
    expect(
      optionsFor({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p', KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/run/client.pem', KAFKA_SSL_KEY_FILE: '/run/client.key' }),
    ).toEqual({ sasl: { mechanism: 'plain', username: 'u', password: 'p' }, ssl: { rejectUnauthorized: true, cert: 'CERT-PEM', key: 'KEY-PEM' } });
    expect(optionsFor({ KAFKA_SSL: 'true' })).toEqual({ ssl: { rejectUnauthorized: true } });
  });

  it('refuses at start a mechanism without user name and password, naming both', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toEqual([
      'KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is set (scram-sha-512 needs a user name and a password)',
      'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is set (scram-sha-512 needs a user name and a password)',
    ]);
  });

  it('refuses an unknown mechanism, credentials without a mechanism, PLAIN without TLS, files without TLS, a certificate without its key', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      'KAFKA_SASL_MECHANISM is invalid: must be scram-sha-256, scram-sha-512 or plain',
    ]);
    expect(problemsOf({ KAFKA_SASL_USERNAME: 'u' })).toEqual([expect.stringMatching(/^KAFKA_SASL_USERNAME is invalid: is set but KAFKA_SASL_MECHANISM is not/)]);
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([expect.stringMatching(/^KAFKA_SSL is invalid: must be true with KAFKA_SASL_MECHANISM=plain/)]);
    expect(problemsOf({ KAFKA_SSL_CA_FILE: '/run/ca.pem' })).toEqual(['KAFKA_SSL_CA_FILE is invalid: is set but KAFKA_SSL is not true']);
    expect(problemsOf({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/run/client.pem' })).toEqual([expect.stringMatching(/^KAFKA_SSL_KEY_FILE is required: a client certificate needs both/)]);
    expect(problemsOf({ KAFKA_SSL: 'yes' })).toEqual(['KAFKA_SSL is invalid: must be true or false']);
  });

  it('names the variable and the path of a file it cannot read', () => {
    expect(() => optionsFor({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/run/missing.pem' })).toThrow(
      'cannot read the Kafka CA file (KAFKA_SSL_CA_FILE) /run/missing.pem: ENOENT: no such file',
    );
  });
});
