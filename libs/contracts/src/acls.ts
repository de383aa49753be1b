import { publishers } from './publishers';
import { allTopics, dlqTopicOf, personalDataTopics } from './registry';
import { subscriptions } from './subscriptions';

/** What one service's Kafka user needs, from libs/contracts publishers.ts and subscriptions.ts. */
export interface ServiceAcl {
  service: string;
  /** Its outbox's event types, and the dead-letter topics of what it consumes (its consumer writes them). */
  write: string[];
  /** The event types it subscribes to. */
  read: string[];
  /** Its consumer group (default CONSUMER_GROUP = the service name); none when it consumes nothing. */
  group: string | null;
}

/** Every service that publishes or consumes events, with its ACL. */
export function serviceAcls(): ServiceAcl[] {
  const services = [...new Set([...Object.keys(publishers), ...Object.keys(subscriptions)])].sort();
  return services.map((service) => {
    const read = [...((subscriptions as Record<string, readonly string[]>)[service] ?? [])].sort();
    const published = (publishers as Record<string, readonly string[]>)[service] ?? [];
    const write = [...new Set([...published, ...read.map(dlqTopicOf)])].sort();
    return { service, write, read, group: read.length > 0 ? service : null };
  });
}

const fence = (lines: string[]) => ['```sh', ...lines, '```'];

/**
 * `kafka-acls.sh` / `kafka-configs.sh` commands: a SCRAM-SHA-512 user per service and its ACLs. `$BOOTSTRAP` and
 * `$ADMIN_CONFIG` (a client properties file of an admin user) and each `$PASSWORD_<SERVICE>` come from the operator.
 */
export function aclCommands(): string[] {
  const lines: string[] = [];
  for (const acl of serviceAcls()) {
    const principal = `User:${acl.service}`;
    const secret = `PASSWORD_${acl.service.toUpperCase().replace(/-/g, '_')}`;
    const tool = (name: string) => `${name} --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG"`;
    lines.push(`# ${acl.service}`);
    lines.push(`${tool('kafka-configs.sh')} --alter --entity-type users --entity-name ${acl.service} --add-config "SCRAM-SHA-512=[password=$${secret}]"`);
    const topics = (ts: string[]) => ts.map((t) => `--topic ${t}`).join(' ');
    lines.push(`${tool('kafka-acls.sh')} --add --allow-principal ${principal} --operation Write --operation Describe ${topics(acl.write)}`);
    if (acl.read.length > 0) {
      lines.push(`${tool('kafka-acls.sh')} --add --allow-principal ${principal} --operation Read --operation Describe ${topics(acl.read)}`);
      lines.push(`${tool('kafka-acls.sh')} --add --allow-principal ${principal} --operation Read --group ${acl.group}`);
    }
    // Start-up lists every topic (auto-creation is off; a topic it cannot describe looks missing) and sets
    // retention.ms on the personal-data topics.
    lines.push(`${tool('kafka-acls.sh')} --add --allow-principal ${principal} --operation Describe ${topics(allTopics())}`);
    lines.push(`${tool('kafka-acls.sh')} --add --allow-principal ${principal} --operation DescribeConfigs --operation AlterConfigs ${topics(personalDataTopics())}`);
    lines.push('');
  }
  return lines;
}

const code = (items: string[]) => (items.length === 0 ? '—' : items.map((t) => `\`${t}\``).join('<br>'));

/** docs/kafka-acls.md. */
export function aclMarkdown(): string {
  const acls = serviceAcls();
  const lines = [
    '# Kafka ACLs',
    '',
    'Generated from `libs/contracts` (`publishers.ts`, `subscriptions.ts`, the registry) by `npm run kafka:acls` — do not',
    'edit by hand (`make test` fails when this file is out of date).',
    '',
    'A real deployment runs the brokers with SASL (SCRAM) and TLS and `allow.everyone.if.no.acl.found=false`; each',
    'service connects as its own user (`KAFKA_SASL_MECHANISM=scram-sha-512`, `KAFKA_SASL_USERNAME=<service>`,',
    '`KAFKA_SASL_PASSWORD`, `KAFKA_SSL=true`, `KAFKA_SSL_CA_FILE`: `.env.example`, libs/messaging README) and gets',
    'only the ACLs below. The local infrastructure stays PLAINTEXT without ACLs.',
    '',
    '| Service (user) | WRITE (its events + dead-letter topics of what it reads) | READ | Consumer group |',
    '|---|---|---|---|',
    ...acls.map((a) => `| \`${a.service}\` | ${code(a.write)} | ${code(a.read)} | ${a.group ? `\`${a.group}\`` : '—'} |`),
    '',
    `Every user also needs **Describe** on all ${allTopics().length} topics (every event type and its \`.dlq\`) and **DescribeConfigs +`,
    `AlterConfigs** on the ${personalDataTopics().length} that carry personal data (dead-letter topics included): at start each service`,
    'lists the topics (`ensureTopics`; broker auto-creation is off, and a topic it may not describe looks missing) and',
    'sets their bounded `retention.ms`. Create the topics once with an admin user (3 partitions each) before the',
    'services start; a service without **Create** then finds them and creates nothing. Granting AlterConfigs to every',
    'service is wider than it needs to be: applying the retention from the admin user instead is left to do. A',
    'consumer group other than the default (`CONSUMER_GROUP`) needs its own **Read** ACL. The web front uses no Kafka.',
    '',
    '## Why the `producer` header can be trusted — and where it cannot',
    '',
    'Every event a service publishes carries the Kafka header `producer: <service>`, stamped by its publisher',
    '(libs/messaging) from the service name, never from the payload; the publisher also refuses a type the service is',
    'not declared to publish. Onboarding uses the header to decide who may answer a step (`onboarding.step-completed.v1`:',
    'police answers only from `police-liaison`, a plug-in step only from its declared sender, email verification only',
    'from `enrolment`; services/onboarding README, *Who may answer*). The header is set by the producing client, so it',
    'is only as good as the write ACLs: without them any client reaching the broker can write any topic with any header.',
    '',
    'With the ACLs above, a service can write only its own events. That fully binds the producer of every topic with a',
    `single writer. It does **not** on a topic with several writers: \`onboarding.step-completed.v1\` is written by ${code(acls.filter((a) => a.write.includes('onboarding.step-completed.v1')).map((a) => a.service)).replace(/<br>/g, ', ')}.`,
    'Any of them — say a compromised `bra-review` — can write a message with `producer: police-liaison` and',
    '`actor.kind: police`, and onboarding cannot tell. Kafka ACLs cannot restrict header values. What closes it:',
    '',
    '- **per-producer answer topics** (e.g. `onboarding.step-completed.police-liaison.v1`, one per answering service, each',
    '  writable by that service only): onboarding then takes the producer from the topic, which the broker enforces; or',
    '- **signed envelopes**: each producer signs the event (key per service, public keys known to onboarding), and',
    '  onboarding verifies the signature instead of trusting the header.',
    '',
    'Until one of them is done, the binding protects against mistakes and against clients without a service',
    "account (no header: refused), not against a compromised service that may write the shared answer topic.",
    '',
    '## Commands',
    '',
    'A SCRAM-SHA-512 user per service and its ACLs (`npm run kafka:acls` prints them). Set `BOOTSTRAP`, `ADMIN_CONFIG`',
    '(client properties of an admin user) and a `PASSWORD_<SERVICE>` per service first.',
    '',
    ...fence(aclCommands().slice(0, -1)),
  ];
  return lines.join('\n');
}
