// Local SMS gateway for development and tests: speaks a 46elks-style HTTP API, keeps what it receives and posts
// delivery reports back.
//
//   node deploy/local/sms-gateway/server.mts        (Node 24: types are stripped, no build step)
//
// HTTP on 127.0.0.1:$SMS_GATEWAY_PORT (1090):
//   POST   /a1/sms                 form-encoded from, to, message[, whendelivered, dontlog]; Basic auth
//                                  ($SMS_GATEWAY_USERNAME / $SMS_GATEWAY_PASSWORD, default local/local).
//                                  200 {id, status:"created", from, to, message, parts, created, direction}
//                                  400 invalid from/to/message, 401 bad credentials.
//                                  A `to` ending in 999 gets a "failed" delivery report, any other "delivered".
//   GET    /api/messages[?to=+46…] JSON array, oldest first: {id, from, to, message, parts, encoding, dontlog,
//                                  whendelivered, created, report: {status, postedAt, answer} | null}
//   DELETE /api/messages           remove all messages (memory and file)
//   POST   /api/faults             {"status":503,"count":2} → the next 2 sends answer 503;
//                                  {"delayMs":15000,"count":1} → the next send answers after 15 s (timeouts)
//   GET    /health                 200 {"status":"ok"}
//   GET    /                       readable HTML list
// Messages are appended as JSON lines to $SMS_DATA_DIR/messages.jsonl (reloaded at start).
// Delivery reports are POSTed (form-encoded id, status, delivered) to `whendelivered` after
// $SMS_GATEWAY_REPORT_DELAY_MS (200 ms), retried up to 5 times on a non-2xx answer.
// Only erasable TypeScript syntax (Node's type stripping): no enums, namespaces or parameter properties.

import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

interface StoredSms {
  id: string;
  from: string;
  to: string;
  message: string;
  parts: number;
  encoding: 'GSM-7' | 'UCS-2';
  dontlog: boolean;
  whendelivered: string | null;
  created: string;
  report: { status: 'delivered' | 'failed'; postedAt: string; answer: number | string } | null;
}

const HOST = process.env.SMS_GATEWAY_HOST ?? '127.0.0.1';
const PORT = Number(process.env.SMS_GATEWAY_PORT ?? 1090);
const DATA_DIR = process.env.SMS_DATA_DIR ?? path.resolve('.local/data/sms');
const USERNAME = process.env.SMS_GATEWAY_USERNAME ?? 'local';
const PASSWORD = process.env.SMS_GATEWAY_PASSWORD ?? 'local';
const REPORT_DELAY_MS = Number(process.env.SMS_GATEWAY_REPORT_DELAY_MS ?? 200);
const MAX_MESSAGES = 20000;
const FILE = path.join(DATA_DIR, 'messages.jsonl');

const log = (msg: string): void => {
  process.stdout.write(`${new Date().toISOString()} [sms] ${msg}\n`);
};

// ---------------------------------------------------------------- store

let messages: StoredSms[] = [];

function load(): void {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  if (!fs.existsSync(FILE)) return;
  const byId = new Map<string, StoredSms>();
  for (const line of fs.readFileSync(FILE, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const m = JSON.parse(line) as StoredSms;
      byId.set(m.id, m); // a later line (with its report) replaces the earlier one
    } catch {
      // a line cut short by a crash
    }
  }
  messages = [...byId.values()].slice(-MAX_MESSAGES);
  rewrite();
  log(`loaded ${messages.length} message(s) from ${FILE}`);
}

function rewrite(): void {
  const tmp = `${FILE}.tmp`;
  fs.writeFileSync(tmp, messages.map((m) => JSON.stringify(m) + '\n').join(''));
  fs.renameSync(tmp, FILE);
}

function append(m: StoredSms): void {
  fs.appendFileSync(FILE, JSON.stringify(m) + '\n');
}

// ---------------------------------------------------------------- SMS rules

const GSM7 = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM7_EXT = new Set('^{}\\[~]|€\f');

function parts(text: string): { parts: number; encoding: 'GSM-7' | 'UCS-2' } {
  let septets = 0;
  for (const ch of text) {
    if (GSM7.has(ch)) septets += 1;
    else if (GSM7_EXT.has(ch)) septets += 2;
    else return { parts: text.length <= 70 ? 1 : Math.ceil(text.length / 67), encoding: 'UCS-2' };
  }
  return { parts: septets <= 160 ? 1 : Math.ceil(septets / 153), encoding: 'GSM-7' };
}

const validSender = (s: string): boolean => /^[A-Za-z][A-Za-z0-9]{2,10}$/.test(s) || /^\+[1-9]\d{6,14}$/.test(s);
const validNumber = (s: string): boolean => /^\+[1-9]\d{7,14}$/.test(s);

// ---------------------------------------------------------------- faults (for tests)

let fault: { status: number | null; delayMs: number; count: number } | null = null;

// ---------------------------------------------------------------- delivery reports

async function postReport(m: StoredSms): Promise<void> {
  if (!m.whendelivered) return;
  const status = m.to.endsWith('999') ? 'failed' : 'delivered';
  const body = new URLSearchParams({ id: m.id, status, delivered: new Date().toISOString() });
  let answer: number | string = 'not sent';
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      const res = await fetch(m.whendelivered, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString(), signal: AbortSignal.timeout(5000) });
      answer = res.status;
      if (res.ok) break;
    } catch (err) {
      answer = String(err);
    }
    await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
  }
  m.report = { status, postedAt: new Date().toISOString(), answer };
  append(m);
  log(`delivery report ${m.id} ${status} → ${m.whendelivered.replace(/\/[^/]*$/, '/…')} answered ${answer}`);
}

// ---------------------------------------------------------------- HTTP

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function authorised(req: IncomingMessage): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const [user, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
  return user === USERNAME && rest.join(':') === PASSWORD;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function page(): string {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (m) =>
        `<tr><td><time datetime="${escapeHtml(m.created)}">${escapeHtml(new Date(m.created).toLocaleString('sv-SE'))}</time></td><td>${escapeHtml(m.from)}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.message)}</td><td>${m.parts} (${m.encoding})</td><td>${m.report ? escapeHtml(m.report.status) : '–'}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>SMS gateway (${messages.length})</title>
<style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:.3rem .5rem;text-align:left;vertical-align:top}td:nth-child(4){white-space:pre-wrap}</style></head>
<body><main><h1>Local SMS gateway</h1><p>${messages.length} message(s), newest first. API: POST /a1/sms. <a href="/">Refresh</a> · <a href="/api/messages">JSON</a></p>
<table><thead><tr><th scope="col">Time</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Message</th><th scope="col">Parts</th><th scope="col">Report</th></tr></thead><tbody>
${rows || '<tr><td colspan="6">No messages yet.</td></tr>'}
</tbody></table></main></body></html>`;
}

async function sendSms(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!authorised(req)) {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="sms"', 'content-type': 'text/plain; charset=utf-8' });
    res.end('Unauthorized');
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  if (fault && fault.count > 0) {
    fault.count--;
    const f = fault;
    if (f.count === 0) fault = null;
    if (f.delayMs > 0) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.status !== null) {
      log(`fault injected: answering ${f.status}`);
      sendText(res, f.status, 'Injected fault');
      return;
    }
  }
  const from = form.get('from') ?? '';
  const to = form.get('to') ?? '';
  const message = form.get('message') ?? '';
  if (!validSender(from)) return sendText(res, 400, 'Invalid from: 3-11 letters or digits, not starting with a digit, or an E.164 number');
  if (!validNumber(to)) return sendText(res, 400, `Invalid to number: ${to}`);
  if (!message) return sendText(res, 400, 'Missing message');
  const whendelivered = form.get('whendelivered');
  const counted = parts(message);
  const m: StoredSms = {
    id: `s${randomBytes(16).toString('hex')}`,
    from,
    to,
    message,
    parts: counted.parts,
    encoding: counted.encoding,
    dontlog: form.get('dontlog') === 'message',
    whendelivered,
    created: new Date().toISOString(),
    report: null,
  };
  messages.push(m);
  append(m);
  if (messages.length > MAX_MESSAGES * 1.1) {
    messages = messages.slice(-MAX_MESSAGES);
    rewrite();
  }
  log(`received ${m.id} from=${from} to=${to} parts=${m.parts} ${m.encoding}`);
  sendJson(res, 200, { id: m.id, status: 'created', from, to, message, parts: m.parts, created: m.created, direction: 'outgoing', estimated_cost: 3500 * m.parts });
  if (whendelivered) setTimeout(() => void postReport(m), REPORT_DELAY_MS);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { status: 'ok', messages: messages.length });
  if (method === 'POST' && url.pathname === '/a1/sms') return sendSms(req, res);
  if (url.pathname === '/api/messages') {
    if (method === 'GET') {
      const to = url.searchParams.get('to');
      return sendJson(res, 200, to ? messages.filter((m) => m.to === to.trim()) : messages);
    }
    if (method === 'DELETE') {
      const count = messages.length;
      messages = [];
      rewrite();
      return sendJson(res, 200, { deleted: count });
    }
  }
  if (method === 'POST' && url.pathname === '/api/faults') {
    const body = JSON.parse((await readBody(req)) || '{}') as { status?: number; delayMs?: number; count?: number };
    fault = { status: body.status ?? null, delayMs: body.delayMs ?? 0, count: body.count ?? 1 };
    return sendJson(res, 200, fault);
  }
  if (method === 'GET' && url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page());
    return;
  }
  sendText(res, 404, 'not found');
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    log(`HTTP ${req.method} ${req.url} failed: ${String(err)}`);
    if (!res.headersSent) sendJson(res, 400, { error: String(err) });
    else res.end();
  });
});

load();
server.on('error', (err: Error) => {
  log(`ERROR HTTP server on ${HOST}:${PORT}: ${String(err)}`);
  process.exit(1);
});
server.listen(PORT, HOST, () => log(`HTTP listening on http://${HOST}:${PORT}/ (data: ${FILE})`));

function shutdown(signal: string): void {
  log(`${signal}: stopping`);
  server.close();
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 500).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
