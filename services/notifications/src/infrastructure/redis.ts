import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ReadinessCheck } from '@trygg/observability';

/**
 * One Redis connection for BullMQ (maxRetriesPerRequest null, as BullMQ workers require). ioredis reconnects
 * by itself; we log each outage once and report readiness.
 */
export class RedisConnection implements ReadinessCheck {
  readonly name = 'redis';
  readonly client: Redis;
  private down = false;

  constructor(url: string, logger: Logger) {
    this.client = new Redis(url, {
      maxRetriesPerRequest: null,
      enableReadyCheck: true,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 200, 5000),
    });
    this.client.on('error', (error: Error) => {
      if (!this.down) logger.error({ dependency: 'redis', err: error.message }, 'Redis is unreachable; reconnecting');
      this.down = true;
    });
    this.client.on('ready', () => {
      if (this.down) logger.info({ dependency: 'redis' }, 'Redis is back');
      this.down = false;
    });
  }

  async check(): Promise<void> {
    if (this.client.status !== 'ready') throw new Error(`connection ${this.client.status}`);
    await this.client.ping();
  }

  async stop(): Promise<void> {
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
