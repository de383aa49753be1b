import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { municipalitiesWithoutQuietHours } from './municipalities';
import { waitFor } from './wait';

const root = resolve(__dirname, '../../..');
/**
 * The rate-limit counters (Redis, libs/rate-limits) of the processes one test file starts: their own, so test runs and
 * a running system sharing the local Redis never count each other's posts; the file's instances share them.
 */
const RATE_LIMIT_KEY_PREFIX = `test:${randomUUID().slice(0, 8)}`;

export interface ServiceProcessOptions {
  /** Folder name under services/, e.g. "enrolment". */
  service: string;
  port: number;
  env?: Record<string, string>;
}

/**
 * Runs a built service (dist/services/<name>/src/main.js) as a real process, as in production,
 * so tests can kill it mid-flow and start it again. Output goes to .local/log/test-<service>-<port>.log.
 * Notifications reads the municipalities without quiet hours (`municipalitiesWithoutQuietHours`) unless `env` sets
 * `MUNICIPALITIES_DIR`.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  /** Where this process's output goes (appended across starts): `.local/log/test-<service>-<port>.log`. */
  readonly logFile: string;
  readonly url: string;

  constructor(private readonly options: ServiceProcessOptions) {
    this.url = `http://127.0.0.1:${options.port}`;
    // One file per port: two instances of a service (or a restart on another port) never interleave their lines.
    this.logFile = join(process.env['LOCAL_DIR'] ?? join(root, '.local'), 'log', `test-${options.service}-${options.port}.log`);
  }

  async start({ waitReady = true, readyTimeoutMs }: { waitReady?: boolean; readyTimeoutMs?: number } = {}): Promise<void> {
    mkdirSync(dirname(this.logFile), { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    // Notifications without quiet hours (unless the test names its own municipalities): the same answers at any hour.
    const municipalities = this.options.service === 'notifications' ? { MUNICIPALITIES_DIR: municipalitiesWithoutQuietHours() } : {};
    const child = spawn(process.execPath, [join(root, 'dist/services', this.options.service, 'src/main.js')], {
      env: { ...process.env, RATE_LIMIT_KEY_PREFIX, PORT: String(this.options.port), ...municipalities, ...this.options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    if (waitReady) await this.waitReady(readyTimeoutMs);
  }

  /** Until /health/ready answers 200; a timeout says what it answered last and the process's last warnings. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    let lastAnswer = 'no answer';
    try {
      await waitFor(
        `${this.options.service} to be ready`,
        async () => {
          if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
            throw new Error(`${this.options.service} exited with code ${this.child.exitCode}`);
          }
          const res = await fetch(`${this.url}/health/ready`);
          if (res.ok) return true;
          lastAnswer = `${res.status} ${(await res.text()).slice(0, 500)}`;
          return undefined;
        },
        { timeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; /health/ready last answered: ${lastAnswer}; the log's last warnings and errors:\n${this.lastWarnings()}`);
    }
  }

  /** The last lines of this service's log at level warn or above (pino's 40+), or its plain stderr lines. */
  private lastWarnings(count = 8): string {
    try {
      const lines = readFileSync(this.logFile, 'utf8').split('\n').filter((l) => l && !/"level":(10|20|30),/.test(l));
      return lines.slice(-count).map((l) => l.slice(0, 400)).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** SIGKILL: the process gets no chance to flush or say goodbye, like a crash or an OOM kill. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolveExit) => {
      child.once('exit', () => resolveExit());
      child.kill(signal);
    });
    this.child = undefined;
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
  }
}
