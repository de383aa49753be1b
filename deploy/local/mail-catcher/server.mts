// Local SMTP capture server ("mail catcher") for development and tests.
//
//   node deploy/local/mail-catcher/server.mts        (Node 24: types are stripped, no build step)
//
// SMTP on 127.0.0.1:$SMTP_PORT (no TLS, auth optional and accepted), HTTP on 127.0.0.1:$MAIL_HTTP_PORT:
//   GET    /api/messages[?to=addr]   JSON array, newest last: {id, from, fromName, to[], cc[], envelope, subject,
//                                   date, receivedAt, text, html, headers{lowercase name: string}, attachments[]}
//   GET    /api/messages/:id         one message (404 when unknown)
//   DELETE /api/messages             remove all messages (memory and file)
//   DELETE /api/messages/:id         remove one message
//   GET    /health                   200 {"status":"ok"}
//   GET    /                         readable HTML list (text bodies with clickable links)
//   GET    /messages/:id/html        the HTML body, sandboxed (no scripts)
// Messages are kept in memory and appended as JSON lines to $MAIL_DATA_DIR/messages.jsonl, reloaded at start.
// Only erasable TypeScript syntax (Node's type stripping): no enums, namespaces or parameter properties.

import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession, SMTPServerAuthentication } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

interface StoredAttachment {
  filename: string | null;
  contentType: string;
  size: number;
}

interface StoredMessage {
  id: string;
  from: string;
  fromName: string;
  to: string[];
  cc: string[];
  envelope: { from: string; to: string[] };
  subject: string;
  date: string;
  receivedAt: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  attachments: StoredAttachment[];
  size: number;
}

const HOST = process.env.MAIL_HOST ?? '127.0.0.1';
const SMTP_PORT = Number(process.env.SMTP_PORT ?? 1025);
const HTTP_PORT = Number(process.env.MAIL_HTTP_PORT ?? 1080);
const DATA_DIR = process.env.MAIL_DATA_DIR ?? path.resolve('.local/data/mail');
const MAX_MESSAGES = Number(process.env.MAIL_MAX_MESSAGES ?? 20000);
const MAX_SIZE = 25 * 1024 * 1024;
const FILE = path.join(DATA_DIR, 'messages.jsonl');

const log = (msg: string): void => {
  process.stdout.write(`${new Date().toISOString()} [mail] ${msg}\n`);
};

// ---------------------------------------------------------------- store

let messages: StoredMessage[] = [];

function loadMessages(): void {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  if (!fs.existsSync(FILE)) return;
  const lines = fs.readFileSync(FILE, 'utf8').split('\n');
  let bad = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    try {
      messages.push(JSON.parse(line) as StoredMessage);
    } catch {
      bad++; // e.g. a line cut short by a crash
    }
  }
  if (messages.length > MAX_MESSAGES || bad > 0) {
    messages = messages.slice(-MAX_MESSAGES);
    rewriteFile();
  }
  log(`loaded ${messages.length} message(s) from ${FILE}${bad ? ` (${bad} unreadable line(s) dropped)` : ''}`);
}

function rewriteFile(): void {
  const tmp = `${FILE}.tmp`;
  fs.writeFileSync(tmp, messages.map((m) => JSON.stringify(m) + '\n').join(''));
  fs.renameSync(tmp, FILE);
}

function addMessage(m: StoredMessage): void {
  messages.push(m);
  fs.appendFileSync(FILE, JSON.stringify(m) + '\n');
  if (messages.length > MAX_MESSAGES * 1.1) {
    messages = messages.slice(-MAX_MESSAGES);
    rewriteFile();
  }
}

// ---------------------------------------------------------------- parsing

/** RFC 2047 encoded words (=?charset?B|Q?...?=) in raw header values. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g, (whole: string, charset: string, enc: string, data: string) => {
      try {
        const bytes =
          enc.toUpperCase() === 'B'
            ? Buffer.from(data, 'base64')
            : Buffer.from(
                data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m: string, h: string) => String.fromCharCode(parseInt(h, 16))),
                'latin1',
              );
        return new TextDecoder(charset.toLowerCase()).decode(bytes);
      } catch {
        return whole;
      }
    });
}

/** Header name (lowercase) → unfolded, decoded value; repeated headers are joined with "\n". */
function headersOf(parsed: ParsedMail): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const colon = line.indexOf(':');
    const value = decodeWords(line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
    const name = key.toLowerCase();
    out[name] = name in out ? `${out[name]}\n${value}` : value;
  }
  return out;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const list = Array.isArray(field) ? field : [field];
  const result: string[] = [];
  for (const obj of list) {
    for (const a of obj.value) {
      if (a.address) result.push(a.address);
      for (const member of a.group ?? []) if (member.address) result.push(member.address);
    }
  }
  return result;
}

async function toStored(raw: Buffer, session: SMTPServerSession): Promise<StoredMessage> {
  const parsed = await simpleParser(raw);
  const fromAddr = parsed.from?.value[0];
  const mailFrom = session.envelope.mailFrom;
  return {
    id: randomUUID(),
    from: fromAddr?.address ?? (mailFrom ? mailFrom.address : ''),
    fromName: fromAddr?.name ?? '',
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    envelope: {
      from: mailFrom ? mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
    },
    subject: parsed.subject ?? '',
    date: (parsed.date ?? new Date()).toISOString(),
    receivedAt: new Date().toISOString(),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headers: headersOf(parsed),
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, size: a.size })),
    size: raw.length,
  };
}

// ---------------------------------------------------------------- SMTP

const smtp = new SMTPServer({
  name: 'mail-catcher.local',
  banner: 'local mail catcher',
  authOptional: true,
  allowInsecureAuth: true,
  disabledCommands: ['STARTTLS'],
  size: MAX_SIZE,
  logger: false,
  disableReverseLookup: true,
  closeTimeout: 500, // on stop, do not wait for clients' pooled idle connections
  onAuth(_auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
    callback(null, { user: 'local' }); // any credentials are accepted
  },
  onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', (err: Error) => callback(err));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        const err = Object.assign(new Error(`Message exceeds ${MAX_SIZE} bytes`), { responseCode: 552 });
        callback(err);
        return;
      }
      toStored(Buffer.concat(chunks), session).then(
        (m) => {
          addMessage(m);
          log(`received ${m.id} from=<${m.envelope.from}> to=<${m.envelope.to.join('>,<')}> subject=${JSON.stringify(m.subject)}`);
          callback(null, `Queued as ${m.id}`);
        },
        (err: unknown) => {
          log(`could not parse a message: ${String(err)}`);
          callback(Object.assign(new Error('Could not parse message'), { responseCode: 451 }));
        },
      );
    });
  },
});

// ---------------------------------------------------------------- HTTP

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Escapes text and turns http(s) URLs into links. */
function linkify(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g, (url) => `<a href="${url}">${url}</a>`);
}

function matchesTo(m: StoredMessage, to: string): boolean {
  const want = to.trim().toLowerCase();
  return [...m.to, ...m.cc, ...m.envelope.to].some((a) => a.toLowerCase() === want);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(data);
}

function page(list: StoredMessage[]): string {
  const items = list
    .slice()
    .reverse()
    .map(
      (m) => `<article>
  <h2>${escapeHtml(m.subject || '(no subject)')}</h2>
  <dl>
    <dt>From</dt><dd>${escapeHtml(m.fromName ? `${m.fromName} <${m.from}>` : m.from)}</dd>
    <dt>To</dt><dd>${escapeHtml(m.to.join(', ') || m.envelope.to.join(', '))}</dd>
    <dt>Date</dt><dd><time datetime="${escapeHtml(m.date)}">${escapeHtml(new Date(m.date).toLocaleString('sv-SE'))}</time></dd>
  </dl>
  <pre>${linkify(m.text || '(no text part)')}</pre>
  <p>${m.html !== null ? `<a href="/messages/${encodeURIComponent(m.id)}/html">HTML version</a> · ` : ''}<a href="/api/messages/${encodeURIComponent(m.id)}">JSON</a></p>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mail catcher (${list.length})</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; color: #1b1b1b; }
  article { border: 1px solid #888; border-radius: 4px; padding: 0 1rem 0.5rem; margin: 1rem 0; }
  h2 { font-size: 1.15rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
  dt { font-weight: bold; } dd { margin: 0; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: 0.5rem; }
  a { color: #0645ad; }
</style>
</head>
<body>
<main>
<h1>Mail catcher</h1>
<p>${list.length} message(s), newest first. SMTP 127.0.0.1:${SMTP_PORT}. <a href="/">Refresh</a> · <a href="/api/messages">JSON</a></p>
<form method="post" action="/clear"><button type="submit">Delete all messages</button></form>
${items || '<p>No messages yet.</p>'}
</main>
</body>
</html>`;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const method = req.method ?? 'GET';

  if (method === 'GET' && url.pathname === '/health') {
    sendJson(res, 200, { status: 'ok', messages: messages.length });
    return;
  }
  if (parts[0] === 'api' && parts[1] === 'messages') {
    const id = parts[2];
    if (id === undefined) {
      if (method === 'GET') {
        const to = url.searchParams.get('to');
        sendJson(res, 200, to ? messages.filter((m) => matchesTo(m, to)) : messages);
        return;
      }
      if (method === 'DELETE') {
        const count = messages.length;
        messages = [];
        rewriteFile();
        log(`deleted all ${count} message(s)`);
        sendJson(res, 200, { deleted: count });
        return;
      }
    } else {
      const m = messages.find((x) => x.id === id);
      if (method === 'GET') {
        if (m) sendJson(res, 200, m);
        else sendJson(res, 404, { error: 'not found' });
        return;
      }
      if (method === 'DELETE') {
        if (!m) {
          sendJson(res, 404, { error: 'not found' });
          return;
        }
        messages = messages.filter((x) => x.id !== id);
        rewriteFile();
        sendJson(res, 200, { deleted: 1 });
        return;
      }
    }
    sendJson(res, 405, { error: 'method not allowed' });
    return;
  }
  if (method === 'GET' && parts[0] === 'messages' && parts[2] === 'html' && parts.length === 3) {
    const m = messages.find((x) => x.id === parts[1]);
    if (!m || m.html === null) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    // The mail's own HTML, in a sandbox: no scripts, no forms, no same-origin access to the API.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': 'sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation' });
    res.end(m.html);
    return;
  }
  if (method === 'POST' && url.pathname === '/clear') {
    messages = [];
    rewriteFile();
    res.writeHead(303, { location: '/' });
    res.end();
    return;
  }
  if (method === 'GET' && url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page(messages));
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found');
}

const web = http.createServer((req, res) => {
  try {
    handle(req, res);
  } catch (err) {
    log(`HTTP ${req.method} ${req.url} failed: ${String(err)}`);
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    else res.end();
  }
});

// ---------------------------------------------------------------- start / stop

function fail(what: string, err: unknown): never {
  log(`ERROR ${what}: ${String(err)}`);
  process.exit(1);
}

loadMessages();
let smtpListening = false;
smtp.on('error', (err: Error) => {
  // Before listening (e.g. EADDRINUSE) an error is fatal; afterwards it concerns one connection.
  if (!smtpListening) fail(`SMTP server on ${HOST}:${SMTP_PORT}`, err);
  log(`SMTP error: ${err.message}`);
});
web.on('error', (err: Error) => fail(`HTTP server on ${HOST}:${HTTP_PORT}`, err));

smtp.listen(SMTP_PORT, HOST, () => {
  smtpListening = true;
  log(`SMTP listening on ${HOST}:${SMTP_PORT}`);
  web.listen(HTTP_PORT, HOST, () => log(`HTTP listening on http://${HOST}:${HTTP_PORT}/ (data: ${FILE})`));
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  web.close();
  web.closeAllConnections();
  // Every message is already on disk (appendFileSync): nothing to flush.
  smtp.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
