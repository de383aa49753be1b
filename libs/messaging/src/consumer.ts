import type { Consumer, EachMessagePayload, IHeaders, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ContractViolation, type EventEnvelope, dlqTopicOf, parseEvent } from '@trygg/contracts';
import { runWithCorrelation, type ReadinessCheck, withTimeout } from '@trygg/observability';
import { isDependencyUnavailable, PermanentError } from './errors';
import type { InboxStore } from './inbox';
import { EVENT_HEADERS, type EventPublisher } from './publisher';

export interface HandlerContext {
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
  /** The `producer` header (the publishing service, stamped by its publisher); null when the message has none. */
  producer: string | null;
  heartbeat(): Promise<void>;
}

export type EventHandler = (event: EventEnvelope, context: HandlerContext) => Promise<void>;

export interface EventConsumerOptions {
  kafka: Kafka;
  /** Names the consumer group and the inbox scope; one per service and purpose, e.g. "notifications". */
  groupId: string;
  /** Event type (= topic) → handler. Handlers must keep their effects idempotent by eventId. */
  handlers: Record<string, EventHandler>;
  inbox: InboxStore;
  publisher: EventPublisher;
  logger: Logger;
  maxAttempts?: number;
  retryBaseDelayMs?: number;
  sessionTimeoutMs?: number;
  /** A new group starts at the oldest retained message (default) or only sees what arrives after it joined. */
  fromBeginning?: boolean;
  /**
   * How long handled event ids are remembered (default 30 days; keep it longer than the topics' retention).
   * The consumer purges older entries itself, hourly, and logs how many (docs/decisions/0003 on TTL indexes).
   */
  inboxRetentionMs?: number;
}

export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  attempts: 'dlq-attempts',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
} as const;

/**
 * Consumes events: validates each against its contract, skips the ones already acted on, retries transient
 * failures with backoff, and sends what cannot be handled to `<topic>.dlq` with the reason. A message never
 * makes the consumer throw (kafkajs would re-read it forever: a poison-message loop).
 */
export class EventConsumer implements ReadinessCheck {
  readonly name: string;
  private consumer: Consumer | undefined;
  private crashed: string | undefined;
  private running = false;
  private stopped = false;
  private readonly log: Logger;
  private readonly maxAttempts: number;
  private readonly retryBaseDelayMs: number;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventConsumerOptions) {
    this.name = `kafka-consumer:${options.groupId}`;
    this.log = options.logger.child({ component: 'consumer', groupId: options.groupId });
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
  }

  /** Joins the group and consumes in the background; retries while Kafka is unreachable. */
  async start(): Promise<void> {
    let delay = 500;
    for (let attempt = 1; !this.stopped; attempt++) {
      const consumer = this.options.kafka.consumer({
        groupId: this.options.groupId,
        sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
        heartbeatInterval: 1_000,
        allowAutoTopicCreation: false,
      });
      consumer.on(consumer.events.CRASH, (e) => {
        if (!e.payload.restart && !this.stopped) {
          // kafkajs gave up (e.g. the broker was away longer than its retries). Readiness fails until we are back;
          // we start a fresh consumer rather than leave the service consuming nothing while it looks alive.
          this.crashed = e.payload.error.message;
          this.running = false;
          this.log.error({ err: e.payload.error.message }, 'consumer crashed; starting a new one');
          void this.restartAfterCrash(consumer);
        }
      });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        this.running = true;
        this.crashed = undefined;
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: Object.keys(this.options.handlers), fromBeginning: this.options.fromBeginning ?? true });
        await consumer.run({ autoCommit: true, eachMessage: (payload) => this.handle(payload) });
        this.consumer = consumer;
        this.log.info({ topics: Object.keys(this.options.handlers), attempt }, 'consumer started');
        this.schedulePurge();
        return;
      } catch (error) {
        await consumer.disconnect().catch(() => undefined);
        this.log.error({ dependency: 'kafka', attempt, err: (error as Error).message }, `Kafka consumer cannot start; retrying in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  private async restartAfterCrash(crashed: Consumer): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await withTimeout(crashed.disconnect(), 10_000, 'crashed consumer disconnect').catch(() => undefined);
    if (this.consumer === crashed) this.consumer = undefined;
    await sleep(1000);
    if (!this.stopped) await this.start();
  }

  async check(): Promise<void> {
    if (this.crashed) throw new Error(`consumer crashed: ${this.crashed}`);
    if (!this.consumer || !this.running) throw new Error('consumer has not joined its group');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await withTimeout(this.consumer?.disconnect() ?? Promise.resolve(), 10_000, 'consumer disconnect').catch(() => undefined);
  }

  private schedulePurge(): void {
    const retention = this.options.inboxRetentionMs ?? 30 * 24 * 3600_000;
    this.purgeTimer = setInterval(() => {
      this.options.inbox
        .purgeOlderThan(new Date(Date.now() - retention))
        .then((n) => n > 0 && this.log.info({ purged: n }, 'purged old inbox entries'))
        .catch((error: Error) => this.log.warn({ err: error.message }, 'inbox purge failed'));
    }, 3600_000);
    this.purgeTimer.unref();
  }

  private async handle({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const deadLetter = (reason: string, attempts: number) =>
      this.deadLetter(topic, partition, message.offset, message.key, message.value, message.headers ?? {}, reason, attempts);

    let event: EventEnvelope;
    try {
      event = parseEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'), topic);
    } catch (error) {
      const reason = error instanceof ContractViolation || error instanceof SyntaxError ? error.message : String(error);
      this.log.warn({ topic, partition, offset: message.offset, reason }, 'invalid message sent to the dead-letter topic');
      return deadLetter(reason, 0);
    }

    await runWithCorrelation(event.correlationId, async () => {
      if (await this.options.inbox.has(this.options.groupId, event.eventId)) {
        this.log.debug({ eventId: event.eventId, type: event.type }, 'duplicate event skipped');
        return;
      }
      const handler = this.options.handlers[topic];
      if (!handler) return deadLetter(`no handler for ${topic}`, 0);
      let waitingForDependency = 0;
      for (let attempt = 1; ; attempt++) {
        try {
          await handler(event, { topic, partition, offset: message.offset, attempt, producer: headerText(message.headers?.[EVENT_HEADERS.producer]), heartbeat });
          await this.options.inbox.record(this.options.groupId, event.eventId, event.type);
          return;
        } catch (error) {
          const reason = (error as Error).message;
          // Shutting down: leave the offset uncommitted, so the event is handled after the restart.
          if (this.stopped) throw new Error(`consumer stopping; ${event.eventId} will be redelivered`);
          if (isDependencyUnavailable(error)) {
            // Not the message's fault: hold this partition (order is kept) and try again until the dependency
            // is back; readiness reports the dependency meanwhile. Never dead-letter for an outage.
            waitingForDependency++;
            if (waitingForDependency === 1 || waitingForDependency % 30 === 0) {
              this.log.warn({ eventId: event.eventId, type: event.type, reason }, 'a dependency is unavailable; waiting to handle the event');
            }
            attempt--;
            await sleep(Math.min(200 * 2 ** Math.min(waitingForDependency, 5), 5000));
            await heartbeat();
            continue;
          }
          if (error instanceof PermanentError || attempt >= this.maxAttempts) {
            this.log.error({ eventId: event.eventId, type: event.type, attempt, reason }, 'event sent to the dead-letter topic');
            return deadLetter(reason, attempt);
          }
          const wait = this.retryBaseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random());
          this.log.warn({ eventId: event.eventId, type: event.type, attempt, reason }, `handler failed; retrying in ${Math.round(wait)} ms`);
          await sleep(wait);
          await heartbeat();
        }
      }
    });
  }

  private async deadLetter(
    topic: string,
    partition: number,
    offset: string,
    key: Buffer | null,
    value: Buffer | null,
    headers: IHeaders,
    reason: string,
    attempts: number,
  ): Promise<void> {
    // If the dead-letter topic cannot be written, this throws and kafkajs retries the message: the broker is
    // the problem then, not the message, so nothing is lost.
    await this.options.publisher.publishRaw(dlqTopicOf(topic), {
      key,
      value,
      headers: {
        ...headers,
        [DLQ_HEADERS.reason]: reason.slice(0, 2000),
        [DLQ_HEADERS.attempts]: String(attempts),
        [DLQ_HEADERS.originalTopic]: topic,
        [DLQ_HEADERS.originalPartition]: String(partition),
        [DLQ_HEADERS.originalOffset]: offset,
        [DLQ_HEADERS.consumerGroup]: this.options.groupId,
        [DLQ_HEADERS.failedAt]: new Date().toISOString(),
      },
    });
  }
}

function headerText(value: IHeaders[string]): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return null;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
