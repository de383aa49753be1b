import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { ReadinessCheck } from '@trygg/observability';

export interface MongoConnectionOptions {
  url: string;
  logger: Logger;
  /** First wait between connection attempts; doubles up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * The service's own MongoDB database. Connecting never blocks start-up: the service comes up,
 * says which dependency is missing and keeps trying, and /health/ready stays false until it is there.
 * Commands are not buffered, so a request while the database is away fails at once (503), not after a hang.
 */
export class MongoConnection implements ReadinessCheck {
  readonly name = 'mongodb';
  readonly connection: Connection;
  private stopped = false;
  private connecting: Promise<void> | undefined;

  constructor(private readonly options: MongoConnectionOptions) {
    this.connection = mongoose.createConnection();
    this.connection.set('bufferCommands', false);
    this.connection.on('disconnected', () => {
      if (!this.stopped) options.logger.warn({ dependency: 'mongodb' }, 'MongoDB connection lost; the driver reconnects');
    });
    this.connection.on('reconnected', () => options.logger.info({ dependency: 'mongodb' }, 'MongoDB reconnected'));
  }

  /** Starts connecting in the background; resolves when connected (or stopped). */
  start(): Promise<void> {
    this.connecting ??= this.connectWithRetry();
    return this.connecting;
  }

  private async connectWithRetry(): Promise<void> {
    const { url, logger } = this.options;
    let delay = this.options.retryDelayMs ?? 500;
    const max = this.options.maxRetryDelayMs ?? 10_000;
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.connection.openUri(url, { serverSelectionTimeoutMS: 3000, bufferCommands: false });
        logger.info({ dependency: 'mongodb', attempt }, 'connected to MongoDB');
        return;
      } catch (error) {
        logger.error(
          { dependency: 'mongodb', url: redactUrl(url), attempt, err: (error as Error).message },
          `MongoDB is unreachable; retrying in ${delay} ms`,
        );
        await sleep(delay);
        delay = Math.min(delay * 2, max);
      }
    }
  }

  isConnected(): boolean {
    return this.connection.readyState === mongoose.ConnectionStates.connected;
  }

  async check(): Promise<void> {
    if (!this.isConnected() || !this.connection.db) throw new Error('not connected');
    await this.connection.db.admin().ping();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connection.close().catch(() => undefined);
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
