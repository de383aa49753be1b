import type { Worker } from 'bullmq';
import type { Logger } from 'pino';
import { withTimeout } from '@trygg/observability';
import type { BeforeInfrastructureShutdown, OnInfrastructureReady } from '@trygg/service-kit';
import type { Channel } from '../domain/message';
import type { SendMessage } from '../application/send-message';
import type { BullMessageQueues } from './message-queues';
import { startMessageWorker } from './message-queues';
import type { RedisConnection } from './redis';

export interface MessageWorkerSettings {
  prefix: string;
  lockMs: number;
  /** Jobs at once and the provider's rate limit (jobs per second), per channel. */
  channels: Record<Channel, { concurrency: number; perSecond: number }>;
}

/**
 * The email and SMS workers: started once MongoDB and Kafka are connected (ServiceLifecycle), closed at shutdown
 * after the event consumer stopped — then the queues, the SMTP pool and the Redis connection, in that order.
 */
export class MessageWorkers implements OnInfrastructureReady, BeforeInfrastructureShutdown {
  private workers: Worker[] = [];

  constructor(
    private readonly redis: RedisConnection,
    private readonly queues: Pick<BullMessageQueues, 'close'>,
    private readonly mailer: { close(): void },
    private readonly send: SendMessage,
    private readonly logger: Logger,
    private readonly settings: MessageWorkerSettings,
  ) {}

  /** Safe to repeat: the workers start once. */
  onInfrastructureReady(): void {
    if (this.workers.length > 0) return;
    const { prefix, lockMs, channels } = this.settings;
    this.workers = (['email', 'sms'] as const).map((channel) =>
      startMessageWorker(channel, this.redis.client, this.send, this.logger, { concurrency: channels[channel].concurrency, prefix, perSecond: channels[channel].perSecond, lockMs }),
    );
  }

  async beforeInfrastructureShutdown(): Promise<void> {
    // A worker finishes its current job; with Redis away it cannot, so it gets a few seconds only.
    await withTimeout(Promise.all([...this.workers.map((w) => w.close()), this.queues.close()]), 5000, 'queue close').catch(() => undefined);
    this.mailer.close();
    await this.redis.stop();
  }
}
