import { z } from 'zod';
import { envelopeSchema, eventContracts, publishers, subscriptions } from '@trygg/contracts';
import { API_VERSION } from './services';

type Json = Record<string, unknown>;

/** AsyncAPI keys allow letters, digits, `_` and `-`: `enrolment.member-joined.v1` → `enrolment_member-joined_v1`. */
export function channelIdOf(type: string): string {
  return type.replace(/\./g, '_');
}

/** The envelope with its `type` fixed and the contract's payload in it, as JSON Schema 2020-12. */
function messagePayload(type: string, payload: z.ZodType): Json {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(envelopeSchema.extend({ type: z.literal(type), payload }), { target: 'draft-2020-12' }) as Json;
  return schema;
}

/**
 * The AsyncAPI 3.0 document of the events (docs/asyncapi.json), from libs/contracts: a channel per topic (= event
 * type) with its message (the envelope carrying the payload), a `send` operation per publishing service (libs/contracts
 * publishers.ts) and a `receive` operation per subscribing service (libs/contracts subscriptions.ts). The event
 * catalogue, docs/events.md, says what each event means.
 */
export function asyncApiDocument(): Json {
  const channels: Json = {};
  const messages: Json = {};
  const operations: Json = {};
  for (const contract of eventContracts) {
    const id = channelIdOf(contract.type);
    messages[id] = {
      name: contract.type,
      title: contract.type,
      summary: contract.description,
      description: `Kafka key: the aggregate id. Personal data: ${contract.personalData}`,
      contentType: 'application/json',
      payload: { schemaFormat: 'application/schema+json;version=draft-2020-12', schema: messagePayload(contract.type, contract.payload) },
      'x-contains-personal-data': contract.containsPersonalData,
    };
    channels[id] = {
      address: contract.type,
      title: contract.type,
      description: `${contract.description} Dead-letter topic: ${contract.type}.dlq.`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
  }
  const byService = (declared: Record<string, readonly string[]>) => Object.entries(declared).sort(([a], [b]) => a.localeCompare(b));
  for (const [service, types] of byService(publishers)) {
    for (const type of types) {
      const id = channelIdOf(type);
      operations[`${service}_sends_${id}`] = {
        action: 'send',
        title: `${service} sends ${type}`,
        channel: { $ref: `#/channels/${id}` },
        messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
        tags: [{ name: service }],
      };
    }
  }
  for (const [service, types] of byService(subscriptions)) {
    for (const type of types) {
      const id = channelIdOf(type);
      operations[`${service}_receives_${id}`] = {
        action: 'receive',
        title: `${service} receives ${type}`,
        channel: { $ref: `#/channels/${id}` },
        messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
        tags: [{ name: service }],
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Trygg Samverkan — events',
      version: API_VERSION,
      description:
        'Generated from libs/contracts (registry and subscriptions) by `npm run api:catalogue` — do not edit by hand. ' +
        'Topic = event type; every topic has a dead-letter topic `<type>.dlq`. Operations list who sends (libs/contracts publishers) ' +
        'and who receives (subscriptions) each channel; the broker ACLs follow from them (docs/kafka-acls.md). See docs/events.md.',
      license: { name: 'EUPL-1.2', url: 'https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12' },
    },
    defaultContentType: 'application/json',
    servers: { kafka: { host: 'localhost:9092', protocol: 'kafka', description: 'Local development broker (deploy/local); production brokers are configured per installation.' } },
    channels,
    operations,
    components: { messages },
  };
}
