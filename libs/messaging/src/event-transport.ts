import { type ArgumentsHost, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { isObservable, lastValueFrom, type Observable, throwError } from 'rxjs';
import { contractFor, type EventEnvelope, subscriptionsOf } from '@trygg/contracts';
import type { ReadinessCheck } from '@trygg/observability';
import { EventConsumer, type EventHandler, type HandlerContext } from './consumer';
import type { InboxStore } from './inbox';
import type { EventPublisher } from './publisher';

/** Marks our transport in Nest (`@EventPattern(type, KAFKA_EVENTS)` would bind a handler to it alone). */
export const KAFKA_EVENTS = Symbol('kafka-events');

/**
 * What `@Ctx()` gives an event handler: where the event came from and which attempt this is; `heartbeat()` for
 * long work (kafkajs would otherwise consider the consumer gone).
 */
export class EventContext extends BaseRpcContext<[HandlerContext]> {
  get topic(): string {
    return this.args[0].topic;
  }
  get partition(): number {
    return this.args[0].partition;
  }
  get offset(): string {
    return this.args[0].offset;
  }
  get attempt(): number {
    return this.args[0].attempt;
  }
  /** The service that published the event (`producer` header, libs/contracts publishers.ts); null without the header. */
  get producer(): string | null {
    return this.args[0].producer;
  }
  heartbeat(): Promise<void> {
    return this.args[0].heartbeat();
  }
}

/**
 * Nest's default RPC exception filter turns every error into `{ status: 'error', message: 'Internal server error' }`;
 * the consumer needs the error itself to tell a permanent refusal (dead letter at once) from an outage (wait) from a
 * transient failure (retry). This filter hands it on unchanged.
 */
@Catch()
export class RethrowEventErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

export interface KafkaEventTransportOptions {
  /** The service's name in the subscription registry (libs/contracts subscriptions.ts). */
  service: string;
  kafka: Kafka;
  /** The service's consumer group, which also scopes its inbox. */
  groupId: string;
  inbox: InboxStore;
  publisher: EventPublisher;
  logger: Logger;
  fromBeginning?: boolean;
  maxAttempts?: number;
  retryBaseDelayMs?: number;
  /** Resolves when the service may consume (its indexes exist, its relays run); the consumer joins then. */
  startWhen?: () => Promise<void>;
}

/**
 * A Nest microservice transport on top of `EventConsumer`: Nest discovers the service's `@EventPattern(type)`
 * methods and this server hands them to one consumer, in one consumer group per service, which keeps what
 * `EventConsumer` guarantees — contract validation on receipt, inbox dedupe by eventId, retries with backoff,
 * dead-letter topics, waiting out outages, a crashed consumer failing readiness. Publishing is not done here: events
 * leave through the aggregates' outbox. Why not Nest's own Kafka transport: docs/decisions/0007.
 *
 * At start it refuses (and the service does not start) when the handlers and the subscription registry differ.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy, ReadinessCheck {
  override readonly transportId = KAFKA_EVENTS;
  readonly name: string;
  private consumer: EventConsumer | undefined;
  private stopped = false;

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
    this.name = `kafka-consumer:${options.groupId}`;
  }

  /** The topic → handler map Nest collected, checked against the registry; throws what is wrong, all of it. */
  eventHandlers(): Record<string, EventHandler> {
    const problems: string[] = [];
    const handlers: Record<string, EventHandler> = {};
    const subscribed = new Set(subscriptionsOf(this.options.service));
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) problems.push(`${pattern}: a @MessagePattern (request/response) handler; events are one-way, use @EventPattern`);
      else if (!contractFor(pattern)) problems.push(`${pattern}: no such event in the contract registry (libs/contracts)`);
      else if (!subscribed.has(pattern)) problems.push(`${pattern}: ${this.options.service} does not subscribe to it (libs/contracts subscriptions.ts)`);
      else if (handler.next) problems.push(`${pattern}: more than one handler; one per event type and service`);
      else handlers[pattern] = (event, context) => this.invoke(handler, event, context);
    }
    for (const type of subscribed) {
      if (!this.messageHandlers.has(type)) problems.push(`${type}: ${this.options.service} subscribes to it but has no @EventPattern handler`);
    }
    if (problems.length > 0) throw new Error(`${this.options.service}: the event handlers do not match the subscriptions:\n  ${problems.join('\n  ')}`);
    return handlers;
  }

  private async invoke(handler: MessageHandler, event: EventEnvelope, context: HandlerContext): Promise<void> {
    const result: unknown = await handler(event, new EventContext([context]));
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  listen(callback: (error?: unknown) => void): void {
    let handlers: Record<string, EventHandler>;
    try {
      handlers = this.eventHandlers();
    } catch (error) {
      callback(error);
      return;
    }
    if (Object.keys(handlers).length === 0) {
      callback();
      return;
    }
    const { kafka, groupId, inbox, publisher, logger, fromBeginning, maxAttempts, retryBaseDelayMs } = this.options;
    const consumer = new EventConsumer({ kafka, groupId, handlers, inbox, publisher, logger, fromBeginning, maxAttempts, retryBaseDelayMs });
    this.consumer = consumer;
    callback();
    // The consumer joins once the service is ready for work; HTTP and health answer meanwhile (readiness says 503).
    void (this.options.startWhen?.() ?? Promise.resolve())
      .then(() => (this.stopped ? undefined : consumer.start()))
      .catch((error: Error) => logger.error({ err: error.message }, 'event consumer did not start'));
  }

  async check(): Promise<void> {
    if (!this.consumer) {
      if (subscriptionsOf(this.options.service).length === 0) return;
      throw new Error('consumer has not started');
    }
    await this.consumer.check();
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.consumer?.stop();
  }

  on(): never {
    throw new Error('KafkaEventTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
