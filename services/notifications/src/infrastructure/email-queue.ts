import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DependencyUnavailable } from '@trygg/messaging';
import { withTimeout } from '@trygg/observability';
import type { EmailQueue } from '../application/ports';
import type { SendEmail } from '../application/send-email';

export const EMAIL_QUEUE = 'email';

interface EmailJob {
  messageId: string;
}

/** BullMQ queue of outgoing email. A job carries only the message id; the worker loads the rest. */
export class BullEmailQueue implements EmailQueue {
  readonly queue: Queue<EmailJob>;

  constructor(
    connection: Redis,
    private readonly maxAttempts: number,
    prefix: string,
  ) {
    this.queue = new Queue<EmailJob>(EMAIL_QUEUE, { connection, prefix });
    this.queue.on('error', () => undefined); // connection errors are reported once by RedisConnection
  }

  async enqueue(messageId: string): Promise<void> {
    // The job id is the message id: while the job exists a second add is a no-op. Completed jobs are kept
    // for 7 days so a redelivered event within that window is not enqueued again; past it, the message
    // document's status stops a second send anyway.
    await withTimeout(
      this.queue.add(
        'send',
        { messageId },
        {
          jobId: messageId,
          attempts: this.maxAttempts,
          backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: false,
        },
      ),
      5000,
      'Redis',
    ).catch((error: Error) => {
      throw new DependencyUnavailable('redis', error);
    });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export function startEmailWorker(
  connection: Redis,
  sendEmail: SendEmail,
  logger: Logger,
  options: { concurrency: number; prefix: string },
): Worker<EmailJob> {
  const worker = new Worker<EmailJob>(
    EMAIL_QUEUE,
    async (job: Job<EmailJob>) => {
      const outcome = await sendEmail.execute(job.data.messageId);
      logger.info({ messageId: job.data.messageId, outcome, attempt: job.attemptsMade + 1 }, 'email job done');
      return outcome;
    },
    { connection, concurrency: options.concurrency, prefix: options.prefix },
  );
  worker.on('failed', (job, error) => {
    logger.warn({ messageId: job?.data.messageId, attempt: job?.attemptsMade, err: error.message }, 'email job failed');
  });
  // While Redis is away the worker reports every reconnect attempt; RedisConnection already says it once.
  let lastError = '';
  worker.on('error', (error) => {
    if (error.message !== lastError) logger.error({ err: error.message }, 'email worker error');
    lastError = error.message;
  });
  worker.on('completed', () => {
    lastError = '';
  });
  return worker;
}
