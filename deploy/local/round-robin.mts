// A small local round-robin HTTP proxy: one public port in front of N instances of a service.
//
//   node deploy/local/round-robin.mts --name enrolment --listen 3001 --to 3111,3121
//
// (Node 24: types are stripped, no build step; no npm packages.) Started by services.sh when a service runs as more
// than one instance (SERVICE_INSTANCES / <SERVICE>_INSTANCES). Each request goes to the next instance in turn that
// accepts a TCP connection: an instance whose port refuses (stopped, crashed, restarting) is skipped — the request is
// sent to the next one, so nothing of it is lost — and tried again after a second. Only when every instance refuses
// does the proxy answer 503 {"error":"unavailable"}. An instance that dies after accepting the connection but before
// answering: a GET/HEAD/OPTIONS is sent to the next instance; any other request gets 502 (it may have been acted on,
// so it is not repeated); once the answer has started, the connection is cut. Each request opens its own upstream connection (loopback, cheap), so
// a keep-alive client is spread over the instances too. Hop-by-hop headers are dropped; `x-forwarded-for` is added
// and the answer says which instance served it in `x-served-by` (127.0.0.1:<port>). Logs (stdout) one line at start
// and one per change of an instance's state (refusing / accepting again). Listens on 127.0.0.1 only.
// Only erasable TypeScript syntax (Node's type stripping): no enums, namespaces or parameter properties.

import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    name: { type: 'string', default: 'service' },
    listen: { type: 'string' },
    to: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});
const name = values.name ?? 'service';
const host = values.host ?? '127.0.0.1';
const listenPort = Number(values.listen);
const ports = (values.to ?? '').split(',').filter((p) => p.trim() !== '').map(Number);
if (!Number.isInteger(listenPort) || listenPort <= 0 || ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p <= 0)) {
  console.error('usage: node round-robin.mts --name NAME --listen PORT --to PORT[,PORT…]');
  process.exit(2);
}

interface Upstream {
  port: number;
  /** Refused (or timed out) last time: tried only after the others until this time (ms since the epoch). */
  downUntil: number;
  down: boolean;
}
const upstreams: Upstream[] = ports.map((port) => ({ port, downUntil: 0, down: false }));
const RETRY_DOWN_MS = 1000;
const CONNECT_TIMEOUT_MS = 2000;
let turn = 0;

function log(message: string): void {
  console.log(`${new Date().toISOString()} [${name} round-robin] ${message}`);
}

function connectTo(upstream: Upstream): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: upstream.port });
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => fail(new Error(`no connection within ${CONNECT_TIMEOUT_MS} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.setTimeout(0);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

/** The next instance in turn that accepts a connection (instances that refused lately are tried last), or none. */
async function pick(tried: ReadonlySet<Upstream>): Promise<{ upstream: Upstream; socket: net.Socket } | undefined> {
  const now = Date.now();
  const inTurn = upstreams.map((_, i) => upstreams[(turn + i) % upstreams.length]!).filter((u) => !tried.has(u));
  const order = [...inTurn.filter((u) => u.downUntil <= now), ...inTurn.filter((u) => u.downUntil > now)];
  for (const upstream of order) {
    try {
      const socket = await connectTo(upstream);
      if (upstream.down) log(`instance ${host}:${upstream.port} accepts connections again`);
      upstream.down = false;
      upstream.downUntil = 0;
      turn = (upstreams.indexOf(upstream) + 1) % upstreams.length; // the one after the instance that served
      return { upstream, socket };
    } catch (error) {
      if (!upstream.down) log(`instance ${host}:${upstream.port} refused (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): skipping it`);
      upstream.down = true;
      upstream.downUntil = Date.now() + RETRY_DOWN_MS;
    }
  }
  return undefined;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const named = new Set((String(headers['connection'] ?? '')).split(',').map((h) => h.trim().toLowerCase()));
  const out: IncomingHttpHeaders = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(key) && !named.has(key)) out[key] = value;
  }
  return out;
}

function answer(res: ServerResponse, status: number, error: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' });
  res.end(JSON.stringify({ statusCode: status, error, message }));
}

const REPEATABLE = new Set(['GET', 'HEAD', 'OPTIONS']);

async function forward(req: IncomingMessage, res: ServerResponse, tried: Set<Upstream> = new Set()): Promise<void> {
  const chosen = await pick(tried);
  if (!chosen) {
    req.resume();
    if (tried.size > 0) answer(res, 502, 'bad_gateway', `every instance of ${name} failed to answer`);
    else answer(res, 503, 'unavailable', `no instance of ${name} accepts connections (ports ${ports.join(', ')}); try again shortly`);
    return;
  }
  const { upstream, socket } = chosen;
  const headers = endToEnd(req.headers);
  const forwardedFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = [forwardedFor, req.socket.remoteAddress].filter(Boolean).join(', ');
  const upstreamReq = http.request({ host, port: upstream.port, method: req.method, path: req.url, headers, createConnection: () => socket });
  upstreamReq.on('response', (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, { ...endToEnd(upstreamRes.headers), 'x-served-by': `${host}:${upstream.port}` });
    upstreamRes.pipe(res);
    upstreamRes.on('error', () => res.destroy());
  });
  upstreamReq.on('error', (error) => {
    if (!res.headersSent && REPEATABLE.has(req.method ?? '')) {
      log(`instance ${host}:${upstream.port} failed before answering ${req.method} ${req.url} (${error.message}): trying the next one`);
      upstream.downUntil = Date.now() + RETRY_DOWN_MS;
      forward(req, res, new Set([...tried, upstream])).catch((e: unknown) => answer(res, 502, 'bad_gateway', (e as Error).message));
      return;
    }
    answer(res, 502, 'bad_gateway', `instance ${host}:${upstream.port} of ${name} failed: ${error.message}`);
  });
  res.on('close', () => {
    if (!res.writableFinished) upstreamReq.destroy();
  });
  req.pipe(upstreamReq);
}

const server = http.createServer((req, res) => {
  forward(req, res).catch((error: unknown) => answer(res, 502, 'bad_gateway', (error as Error).message));
});
server.on('clientError', (_error, socket) => socket.destroy());
server.listen(listenPort, host, () => log(`listening on http://${host}:${listenPort}, round-robin over ${ports.map((p) => `${host}:${p}`).join(', ')}`));
server.on('error', (error) => {
  log(`cannot listen on ${host}:${listenPort}: ${error.message}`);
  process.exit(1);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    log(`${signal}: closing`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
