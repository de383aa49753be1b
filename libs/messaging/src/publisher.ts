import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@trygg/values';
import { type Producer, Partitioners, type Kafka, CompressionTypes, type IHeaders } from 'kafkajs';
import { type EventEnvelope, keyOf, parseEvent, publishedBy } from '@trygg/contracts';

export const EVENT_HEADERS = {
  eventId: 'event-id',
  type: 'event-type',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  municipalityId: 'municipality-id',
  traceparent: 'traceparent',
  /**
   * The service that published the event (its name in libs/contracts publishers.ts), stamped by the publisher, never
   * taken from the payload. Consumers that must know who sent an event (onboarding's step answers) read it from
   * `EventContext.producer`. Worth only what the broker's write ACLs make it worth: docs/kafka-acls.md.
   */
  producer: 'producer',
} as const;

/**
 * W3C trace context: the trace id is derived from the correlation id, so every event of one user action
 * (HTTP request → events → emails) shares a trace in any tracing backend; the span id is new per message.
 */
export function traceparentFor(correlationId: string): string {
  const traceId = sha256Hex(correlationId).slice(0, 32);
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}

export function headersOf(event: EventEnvelope, producer?: string): IHeaders {
  const headers: IHeaders = {
    [EVENT_HEADERS.eventId]: event.eventId,
    [EVENT_HEADERS.type]: event.type,
    [EVENT_HEADERS.correlationId]: event.correlationId,
    [EVENT_HEADERS.municipalityId]: event.municipalityId,
    [EVENT_HEADERS.traceparent]: traceparentFor(event.correlationId),
  };
  if (event.causationId) headers[EVENT_HEADERS.causationId] = event.causationId;
  if (producer) headers[EVENT_HEADERS.producer] = producer;
  return headers;
}

export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    // Java-compatible murmur2, so keys land on the same partition whatever client produced them.
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
}

/** A service tried to publish an event type it is not declared to publish (libs/contracts publishers.ts). */
export class UndeclaredPublication extends Error {
  constructor(service: string, type: string) {
    super(`${service} may not publish ${type}: not declared for it in libs/contracts publishers.ts (a broker with the ACLs of docs/kafka-acls.md would refuse it too)`);
    this.name = 'UndeclaredPublication';
  }
}

/**
 * Publishes events and resolves only when every broker replica has them (acks = -1).
 * Every event is validated against its contract before it leaves the process. With a `service` (service-kit sets
 * it), every event carries the `producer` header and a type the service is not declared to publish is refused.
 */
export class EventPublisher {
  private readonly allowed: ReadonlySet<string> | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly service?: string,
  ) {
    this.allowed = service === undefined ? undefined : new Set(publishedBy(service));
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, { key: string; value: string; headers: IHeaders }[]>();
    for (const event of events) {
      const valid = parseEvent(event);
      if (this.allowed && !this.allowed.has(valid.type)) throw new UndeclaredPublication(this.service!, valid.type);
      const messages = byTopic.get(valid.type) ?? [];
      messages.push({ key: keyOf(valid), value: JSON.stringify(valid), headers: headersOf(valid, this.service) });
      byTopic.set(valid.type, messages);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  /** Sends raw bytes to a dead-letter topic (the original may not even be valid JSON). */
  async publishRaw(topic: string, message: { key: Buffer | string | null; value: Buffer | string | null; headers: IHeaders }) {
    await this.producer.send({ topic, acks: -1, messages: [message] });
  }
}
