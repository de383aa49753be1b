import { z } from 'zod';

// How the services authenticate to Kafka and encrypt the connection. Declared once here and spread into
// serviceBaseShape; the combinations a single variable cannot check (a mechanism without a user name…) are checked by
// `kafkaSecurityProblems`, which loadConfig runs for every shape that has these variables.

const nonEmpty = z.string().min(1);

export const kafkaSecurityShape = {
  /** SASL mechanism: `scram-sha-256`, `scram-sha-512` or `plain` (case-insensitive). Unset: no SASL (local PLAINTEXT). */
  KAFKA_SASL_MECHANISM: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(['plain', 'scram-sha-256', 'scram-sha-512'], { error: 'must be scram-sha-256, scram-sha-512 or plain' }))
    .optional(),
  /** The service's Kafka user (one per service: the broker's ACLs are per user, docs/kafka-acls.md). */
  KAFKA_SASL_USERNAME: nonEmpty.optional(),
  KAFKA_SASL_PASSWORD: nonEmpty.optional(),
  /** `true`: TLS to the brokers (the CA of the system's trust store unless KAFKA_SSL_CA_FILE names one). */
  KAFKA_SSL: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true'),
  /** PEM file of the CA that signed the brokers' certificates. */
  KAFKA_SSL_CA_FILE: nonEmpty.optional(),
  /** PEM files of a client certificate and its key (mutual TLS), both or neither. */
  KAFKA_SSL_CERT_FILE: nonEmpty.optional(),
  KAFKA_SSL_KEY_FILE: nonEmpty.optional(),
};

type KafkaSecurityValues = Partial<z.infer<z.ZodObject<typeof kafkaSecurityShape>>>;

/** The combinations that are refused at start, each naming the variable to set or remove. */
export function kafkaSecurityProblems(values: KafkaSecurityValues): Array<{ name: string; message: string }> {
  const problems: Array<{ name: string; message: string }> = [];
  const mechanism = values.KAFKA_SASL_MECHANISM;
  if (mechanism) {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (!values[name]) problems.push({ name, message: `is required when KAFKA_SASL_MECHANISM is set (${mechanism} needs a user name and a password)` });
    }
    if (mechanism === 'plain' && !values.KAFKA_SSL) {
      problems.push({ name: 'KAFKA_SSL', message: 'must be true with KAFKA_SASL_MECHANISM=plain (PLAIN sends the password as it is; use TLS or SCRAM)' });
    }
  } else {
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (values[name]) problems.push({ name, message: 'is set but KAFKA_SASL_MECHANISM is not (set it to scram-sha-256, scram-sha-512 or plain)' });
    }
  }
  if (!values.KAFKA_SSL) {
    for (const name of ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'] as const) {
      if (values[name]) problems.push({ name, message: 'is set but KAFKA_SSL is not true' });
    }
  }
  if (Boolean(values.KAFKA_SSL_CERT_FILE) !== Boolean(values.KAFKA_SSL_KEY_FILE)) {
    const missing = values.KAFKA_SSL_CERT_FILE ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE';
    problems.push({ name: missing, message: 'is required: a client certificate needs both KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE' });
  }
  return problems;
}
