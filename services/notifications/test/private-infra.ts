import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '@trygg/testing';

// Private infrastructure for the fault tests: our own SMTP catcher, Redis and SMS gateway on the notifications
// port range (3400–3499), so stopping them never touches the shared ones.

const root = resolve(__dirname, '../../..');

async function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

abstract class PrivateProcess {
  private child: ChildProcess | undefined;
  readonly dir = mkdtempSync(join(tmpdir(), 'ntf-infra-'));
  protected abstract command(): { cmd: string; args: string[]; env?: Record<string, string> };
  protected abstract readonly port: number;

  async start(): Promise<void> {
    const { cmd, args, env } = this.command();
    this.child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
    await waitFor(`${cmd} on ${this.port}`, async () => ((await portOpen(this.port)) ? true : undefined), { timeoutMs: 15_000, intervalMs: 100 });
  }

  /** SIGKILL: like a crash. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill(signal);
    });
    this.child = undefined;
    await waitFor(`port ${this.port} closed`, async () => ((await portOpen(this.port)) ? undefined : true), { timeoutMs: 10_000, intervalMs: 100 });
  }

  async dispose(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class PrivateMailCatcher extends PrivateProcess {
  constructor(
    protected readonly port: number,
    readonly httpPort: number,
  ) {
    super();
  }
  get smtpUrl() {
    return `smtp://127.0.0.1:${this.port}`;
  }
  get httpUrl() {
    return `http://127.0.0.1:${this.httpPort}`;
  }
  protected command() {
    return {
      cmd: process.execPath,
      args: [join(root, 'deploy/local/mail-catcher/server.mts')],
      env: { SMTP_PORT: String(this.port), MAIL_HTTP_PORT: String(this.httpPort), MAIL_DATA_DIR: this.dir },
    };
  }
}

export class PrivateSmsGateway extends PrivateProcess {
  constructor(protected readonly port: number) {
    super();
  }
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  protected command() {
    return {
      cmd: process.execPath,
      args: [join(root, 'deploy/local/sms-gateway/server.mts')],
      env: { SMS_GATEWAY_PORT: String(this.port), SMS_DATA_DIR: this.dir, SMS_GATEWAY_REPORT_DELAY_MS: '50' },
    };
  }
  async messagesTo(to: string): Promise<Array<{ id: string; message: string; parts: number; encoding: string; dontlog: boolean; from: string; report: { status: string; answer: number } | null }>> {
    return (await fetch(`${this.url}/api/messages?to=${encodeURIComponent(to)}`)).json() as never;
  }
  async fault(f: { status?: number; delayMs?: number; count?: number }): Promise<void> {
    await fetch(`${this.url}/api/faults`, { method: 'POST', body: JSON.stringify(f) });
  }
}

/** redis-server with the append-only file fsynced on every write: a SIGKILL loses nothing that was acknowledged. */
export class PrivateRedis extends PrivateProcess {
  constructor(protected readonly port: number) {
    super();
  }
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  protected command() {
    return { cmd: 'redis-server', args: ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir] };
  }
}

/**
 * A stand-in for enrolment's POST /internal/links (the links agreement), recording what it was asked; it wants the
 * caller `notifications` with `token` as its secret (INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS).
 */
export class FakeEnrolmentLinks {
  readonly requests: Array<Record<string, string>> = [];
  readonly gone = new Set<string>();
  private server: Server | undefined;
  private issued = 0;

  constructor(
    readonly port: number,
    readonly token: string,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/internal/links') return void res.writeHead(404).end();
        if (req.headers['authorization'] !== `Bearer ${this.token}` || req.headers['x-internal-caller'] !== 'notifications') return void res.writeHead(401).end();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
        this.requests.push(body);
        const id = body['registrationId'] ?? body['personId'] ?? body['checkId'] ?? '';
        if (this.gone.has(id)) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
        const path = body['kind'] === 'confirmation' ? 'grannsamverkan/bekrafta' : body['kind'] === 'activity-check' ? 'grannsamverkan/aktiv' : 'mina-uppgifter';
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: `http://127.0.0.1:3000/ale/${path}/tok${++this.issued}-${id.slice(0, 8)}`, expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() }));
      });
    });
    await new Promise<void>((done) => this.server!.listen(this.port, '127.0.0.1', done));
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}
