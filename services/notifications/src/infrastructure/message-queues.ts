import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { withTimeout } from '@trygg/observability';
import { DependencyUnavailable } from '@trygg/messaging';
import { type Clock, systemClock } from '@trygg/values';
import type { Channel } from '../domain/message';
import type { MessageQueue } from '../application/ports';
import type { SendMessage } from '../application/send-message';

interface MessageJob {
  messageId: string;
}

export interface QueueSettings {
  prefix: string;
  /** Attempts per channel before a job stays failed (kept, visible). */
  maxAttempts: Record<Channel, number>;
  /** First retry delay; BullMQ doubles it per attempt and adds jitter. */
  backoffMs: number;
}

const CHUNK = 500;

/**
 * One BullMQ queue per channel (`email`, `sms`). A job carries only the message id (its job id too), so a second
 * add of the same message is a no-op while the job exists; completed jobs are kept 7 days, failed jobs are kept.
 */
export class BullMessageQueues implements MessageQueue {
  readonly queues: Record<Channel, Queue<MessageJob>>;

  constructor(
    connection: Redis,
    private readonly settings: QueueSettings,
    private readonly clock: Clock = systemClock,
  ) {
    const make = (name: Channel) => {
      const q = new Queue<MessageJob>(name, { connection, prefix: settings.prefix });
      q.on('error', () => undefined); // connection errors are reported once by RedisConnection
      return q;
    };
    this.queues = { email: make('email'), sms: make('sms') };
  }

  async enqueue(channel: Channel, jobs: Array<{ messageId: string; notBefore: Date }>): Promise<void> {
    const now = this.clock().getTime();
    for (let i = 0; i < jobs.length; i += CHUNK) {
      const chunk = jobs.slice(i, i + CHUNK).map((j) => ({
        name: 'send',
        data: { messageId: j.messageId },
        opts: {
          jobId: j.messageId,
          delay: Math.max(0, j.notBefore.getTime() - now),
          attempts: this.settings.maxAttempts[channel],
          backoff: { type: 'exponential', delay: this.settings.backoffMs, jitter: 0.5 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: false,
        },
      }));
      await withTimeout(this.queues[channel].addBulk(chunk), 15_000, 'Redis').catch((error: Error) => {
        throw new DependencyUnavailable('redis', error);
      });
    }
  }

  async counts(): Promise<Record<Channel, Record<string, number>>> {
    const [email, sms] = await Promise.all([this.queues.email.getJobCounts(), this.queues.sms.getJobCounts()]);
    return { email, sms };
  }

  async close(): Promise<void> {
    await Promise.all([this.queues.email.close(), this.queues.sms.close()]);
  }
}

/**
 * A worker per channel with the provider's rate limit (jobs per second, across all processes sharing the
 * queue). A permanent failure is recorded by the use case and does not throw: only transient failures retry.
 */
export function startMessageWorker(
  channel: Channel,
  connection: Redis,
  send: SendMessage,
  logger: Logger,
  options: { concurrency: number; prefix: string; perSecond: number; lockMs: number },
): Worker<MessageJob> {
  const worker = new Worker<MessageJob>(
    channel,
    async (job: Job<MessageJob>) => {
      const outcome = await send.execute(job.data.messageId);
      logger.debug({ channel, messageId: job.data.messageId, outcome, attempt: job.attemptsMade + 1 }, 'message job done');
      return outcome;
    },
    {
      connection,
      concurrency: options.concurrency,
      prefix: options.prefix,
      limiter: { max: options.perSecond, duration: 1000 },
      // A job whose process died (stalled) runs again after the lock expires; the use case then finds the message
      // in `sending` and does not resend it.
      lockDuration: options.lockMs,
      stalledInterval: options.lockMs,
    },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ channel, messageId: job?.data.messageId, attempt: job?.attemptsMade, err: error.message }, 'message job failed; retried with backoff while attempts remain');
  });
  // While Redis is away the worker reports every reconnect attempt; RedisConnection already says it once.
  let lastError = '';
  worker.on('error', (error) => {
    if (error.message !== lastError) logger.error({ channel, err: error.message }, 'worker error');
    lastError = error.message;
  });
  worker.on('completed', () => {
    lastError = '';
  });
  return worker;
}
