// Fan-out benchmark of the notifications service (issue 6). Run from the repository root after `npm run build`,
// with the shared FerretDB and Kafka up:
//
//   node services/notifications/bench/fanout.bench.mts [recipients=20000] [sendWindowSeconds=120]
//
// Starts its own Redis (AOF) and a bare SMTP sink on the notifications port range (3400–3499), seeds N recipients
// in one area of a fresh database (ntf_bench_<run>), starts the built service (dist/) as a process and measures:
//   1. time for POST /broadcasts to stream the N recipients with a cursor and enqueue them (addBulk in chunks);
//   2. the sustained email send rate of the service against the sink, and the rate of a bare nodemailer loop
//      (pooled, same connections and concurrency) against the same sink in the same run — reported as a ratio;
//   3. peak RSS of the service process (VmHWM from /proc) and of this process;
//   4. the sizes of the state collections and of Redis;
//   5. the bound the database sets: the four document operations one email costs the worker (read message, read
//      recipient, claim — with the unsubscribe token's hash —, record sent), on collections of the same size, without
//      BullMQ, rendering or SMTP: (a) one operation at a time per email, `concurrency` loops (how the worker issued them
//      before issue 10), and (b) as the worker issues them now, coalesced across the jobs running at once: per batch of
//      BENCH_DB_BATCH (10) emails one find by `_id $in` of the messages, one of the recipients, one unordered
//      bulkWrite of the conditional claims, one of the sent records; two batches in flight (the stores' coalescers);
//   6. CPU seconds used during the send window by the service, FerretDB, PostgreSQL, Redis and the sink (from /proc),
//      and by this process and the sink during the bare loop: CPU per email of each path, which compares better than
//      rates on a shared machine.
// Prints a JSON summary and a Markdown table for docs/benchmarks.md. Everything it created is removed at the end.
// Node 24 type stripping: only erasable TypeScript syntax.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import mongoose from 'mongoose';
import nodemailer from 'nodemailer';
import { Redis } from 'ioredis';
// Built by `npm run build` (these scripts need the build anyway): the same wait the integration tests use.
import { waitFor } from '../../../dist/libs/testing/src/wait.js';
import { TestIdp } from '../../../dist/libs/testing/src/test-idp.js';

const root = resolve(import.meta.dirname, '../../..');
const N = Number(process.argv[2] ?? 20000);
const SEND_WINDOW_S = Number(process.argv[3] ?? 120);
const BARE_N = Number(process.env.BENCH_BARE_N ?? 3000);
const ports = { service: 3410, redis: 3478, smtp: 3426, sinkHttp: 3481 };
const run = randomUUID().slice(0, 8);
const database = `ntf_bench_${run}`;
const mongoBase = process.env.MONGO_URL_BASE ?? 'mongodb://127.0.0.1:27018';
const kafka = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
const dbBatch = Number(process.env.BENCH_DB_BATCH ?? 10);
const area = 'bench-area';
const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

function start(cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}


const sinkCount = async () => ((await (await fetch(`http://127.0.0.1:${ports.sinkHttp}/count`)).json()) as { count: number }).count;
const resetSink = () => fetch(`http://127.0.0.1:${ports.sinkHttp}/count`, { method: 'DELETE' });
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** CPU seconds (user + system) used so far by each process, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(): Map<number, { comm: string; seconds: number }> {
  const out = new Map<number, { comm: string; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      out.set(Number(entry), { comm: stat.slice(stat.indexOf('(') + 1, close), seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Who used the CPU between two snapshots: the given processes by name, FerretDB, PostgreSQL, and everything else. */
function cpuBetween(before: Map<number, { comm: string; seconds: number }>, after: Map<number, { comm: string; seconds: number }>, named: Record<string, number | undefined>): Record<string, number> {
  const byPid = new Map(Object.entries(named).filter(([, pid]) => pid !== undefined).map(([name, pid]) => [pid!, name]));
  const totals: Record<string, number> = { ...Object.fromEntries(Object.keys(named).map((k) => [k, 0])), ferretdb: 0, postgres: 0, other: 0 };
  for (const [pid, a] of after) {
    const used = a.seconds - (before.get(pid)?.seconds ?? 0);
    const name = byPid.get(pid) ?? (a.comm === 'ferretdb' ? 'ferretdb' : a.comm === 'postgres' ? 'postgres' : 'other');
    totals[name] = (totals[name] ?? 0) + used;
  }
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}

async function main(): Promise<void> {
  const redisDir = mkdtempSync(join(tmpdir(), 'ntf-bench-redis-'));
  start('redis-server', ['--port', String(ports.redis), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', redisDir]);
  start(process.execPath, [join(import.meta.dirname, 'smtp-sink.mts')], { SINK_SMTP_PORT: String(ports.smtp), SINK_HTTP_PORT: String(ports.sinkHttp) });
  await waitFor('sink', async () => ((await sinkCount()) >= 0 ? true : undefined), { timeoutMs: 15_000, intervalMs: 200 });
  const redis = new Redis(`redis://127.0.0.1:${ports.redis}`, { lazyConnect: false, maxRetriesPerRequest: 3 });
  await waitFor('redis', async () => ((await redis.ping()) === 'PONG' ? true : undefined), { timeoutMs: 15_000, intervalMs: 200 });

  // --- seed N recipients of one area (what member-joined events would have built)
  const client = await new mongoose.mongo.MongoClient(`${mongoBase}/${database}`).connect();
  const db = client.db(database);
  let t = performance.now();
  const now = new Date();
  for (let i = 0; i < N; i += 1000) {
    const docs = [];
    for (let j = i; j < Math.min(N, i + 1000); j++) {
      docs.push({
        _id: `bench-${String(j).padStart(6, '0')}`,
        municipalityId: 'ale',
        name: `Boende ${j}`,
        email: `b${j}-${run}@ntf-bench.example`,
        emailBouncedAt: null,
        mobile: null,
        smsOptIn: false,
        language: 'sv',
        groupIds: [],
        areaIds: [area],
        preferences: { channels: { email: true, sms: true }, categories: { urgent: true, information: true, reminders: true } },
        bounceSmsSentAt: null,
        updatedAt: now,
      });
    }
    await db.collection('recipients').insertMany(docs as never[]);
  }
  const seedMs = performance.now() - t;
  log(`seeded ${N} recipients in ${(seedMs / 1000).toFixed(1)} s`);

  // --- the service
  // BENCH_SERVICE_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/ntf-prof` (the profile is written when the service exits).
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // The shipped municipalities' IdPs in process: the service trusts them (DEV_IDP_URL); Ale's coordinator broadcasts.
  const idp = await TestIdp.start();
  const service = start(process.execPath, [...nodeArgs, join(root, 'dist/services/notifications/src/main.js')], {
    PORT: String(ports.service),
    MONGO_URL: `${mongoBase}/${database}`,
    KAFKA_BROKERS: kafka,
    REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    DEV_IDP_URL: idp.url,
    CONSUMER_GROUP: `ntf-bench-${run}`,
    CONSUMER_FROM_BEGINNING: 'false',
    QUEUE_PREFIX: `ntf-bench-${run}`,
    EMAIL_CONCURRENCY: String(concurrency),
    EMAIL_PER_SECOND: '10000',
    LOG_LEVEL: 'warn',
  });
  const url = `http://127.0.0.1:${ports.service}`;
  await waitFor('notifications ready', async () => ((await fetch(`${url}/health/ready`)).ok ? true : undefined), { timeoutMs: 60_000, intervalMs: 250 });
  const rssBefore = peakRssMb(service.pid!);

  // --- 1. enqueue N: stream by cursor, insert messages and addBulk page by page
  await resetSink();
  t = performance.now();
  const res = await fetch(`${url}/staff/ale/broadcasts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await idp.coordinator('ale')) },
    body: JSON.stringify({ subject: 'Inbrott i området', body: 'Polisen har fått in flera anmälningar om inbrott i området den här veckan. Håll utkik och ring 112 vid pågående brott.', filter: { areaIds: [area] } }),
  });
  const enqueueMs = performance.now() - t;
  const broadcast = (await res.json()) as { broadcastId: string; recipients: number; messages: number };
  if (res.status !== 202 || broadcast.recipients !== N) throw new Error(`broadcast answered ${res.status} ${JSON.stringify(broadcast)}`);
  const waiting = await redis.llen(`ntf-bench-${run}:email:wait`).catch(() => 0);
  log(`broadcast to ${broadcast.recipients} recipients enqueued in ${(enqueueMs / 1000).toFixed(1)} s`);

  // --- 2a. sustained send rate of the service (already sending while enqueueing; measured after the enqueue)
  const startCount = await sinkCount();
  const cpuBefore = cpuSeconds();
  const load0 = loadavg()[0]!;
  const t0 = performance.now();
  let sent = startCount;
  while (sent < N && performance.now() - t0 < SEND_WINDOW_S * 1000) {
    await sleep(1000);
    sent = await sinkCount();
  }
  const sendSeconds = (performance.now() - t0) / 1000;
  const cpuSend = cpuBetween(cpuBefore, cpuSeconds(), { service: service.pid, redis: children[0]?.pid, sink: children[1]?.pid, bench: process.pid });
  const load1 = loadavg()[0]!;
  log(`CPU seconds during the send window (${sendSeconds.toFixed(1)} s): ${JSON.stringify(cpuSend)}`);
  const serviceRate = (sent - startCount) / sendSeconds;
  log(`service: ${sent - startCount} mails in ${sendSeconds.toFixed(1)} s = ${serviceRate.toFixed(1)}/s (${sent}/${N} in total)`);
  const rssService = peakRssMb(service.pid!);

  // Stop the service before the bare loop so the two do not share the CPU.
  service.kill('SIGTERM');
  await new Promise((r) => service.once('exit', r));
  await idp.close();

  // --- 2b. bare nodemailer loop, same sink, same pool size and concurrency
  await resetSink();
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ports.smtp, secure: false, pool: true, maxConnections: 5 } as never);
  const html = '<!doctype html><html lang="sv"><body><p>Hej Boende!</p><p>Polisen har fått in flera anmälningar om inbrott i området den här veckan.</p></body></html>';
  let next = 0;
  const cpuBareBefore = cpuSeconds();
  const tb = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < BARE_N) {
        const i = next++;
        await transport.sendMail({ from: 'Trygg Samverkan <no-reply@trygg-samverkan.local>', to: `bare${i}@ntf-bench.example`, subject: 'Inbrott i området – Ale kommun', text: 'Hej Boende!\n\nPolisen har fått in flera anmälningar om inbrott i området den här veckan.', html });
      }
    }),
  );
  const bareSeconds = (performance.now() - tb) / 1000;
  const cpuBare = cpuBetween(cpuBareBefore, cpuSeconds(), { sink: children[1]?.pid, bench: process.pid });
  const bareRate = BARE_N / bareSeconds;
  transport.close();
  log(`bare nodemailer: ${BARE_N} mails in ${bareSeconds.toFixed(1)} s = ${bareRate.toFixed(1)}/s`);

  // --- 5. the database bound: the worker's four document operations, same collection sizes
  const probe = { messages: db.collection('probe_messages'), recipients: db.collection('probe_recipients') };
  for (let i = 0; i < N; i += 1000) {
    const m = [];
    const r = [];
    for (let j = i; j < Math.min(N, i + 1000); j++) {
      m.push({ _id: `m${j}`, status: 'queued', municipalityId: 'ale', recipientId: `r${j}`, payload: null, history: [{ status: 'queued', at: now, detail: null }] });
      r.push({ _id: `r${j}`, municipalityId: 'ale', name: `Boende ${j}`, email: `p${j}@ntf-bench.example`, areaIds: [area] });
    }
    await probe.messages.insertMany(m as never[]);
    await probe.recipients.insertMany(r as never[]);
  }
  // (a) one at a time, as before issue 10
  const PROBE_N = Math.min(N, 1000);
  let p = 0;
  const tp = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, 10) }, async () => {
      while (p < PROBE_N) {
        const i = p++;
        await probe.messages.findOne({ _id: `m${i}` } as never);
        await probe.recipients.findOne({ _id: `r${i}` } as never);
        await probe.messages.updateOne({ _id: `m${i}`, status: 'queued' } as never, { $set: { status: 'sending', unsubscribe: { tokenHash: `h${i}`, expiresAt: new Date() } }, $push: { history: { status: 'sending', at: new Date(), detail: null } } } as never);
        await probe.messages.updateOne({ _id: `m${i}` } as never, { $set: { status: 'sent' }, $push: { history: { status: 'sent', at: new Date(), detail: null } } } as never);
      }
    }),
  );
  const dbBoundSingleRate = PROBE_N / ((performance.now() - tp) / 1000);
  log(`database bound, one operation at a time: ${dbBoundSingleRate.toFixed(1)} emails/s (4 document operations each, ${N} documents per collection)`);
  // (b) coalesced, as the worker issues them now
  const BATCHED_N = Math.min(N - PROBE_N, 6000);
  let q = PROBE_N;
  const tq = performance.now();
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (q < PROBE_N + BATCHED_N) {
        const ids = Array.from({ length: Math.min(dbBatch, PROBE_N + BATCHED_N - q) }, (_, k) => q + k);
        q += ids.length;
        await probe.messages.find({ _id: { $in: ids.map((i) => `m${i}`) } } as never).toArray();
        await probe.recipients.find({ _id: { $in: ids.map((i) => `r${i}`) } } as never).toArray();
        await probe.messages.bulkWrite(ids.map((i) => ({ updateOne: { filter: { _id: `m${i}`, status: 'queued' }, update: { $set: { status: 'sending', claimId: `c${i}`, unsubscribe: { tokenHash: `h${i}`, expiresAt: new Date() } }, $push: { history: { status: 'sending', at: new Date(), detail: null } } } } })) as never, { ordered: false });
        await probe.messages.bulkWrite(ids.map((i) => ({ updateOne: { filter: { _id: `m${i}` }, update: { $set: { status: 'sent' }, $push: { history: { status: 'sent', at: new Date(), detail: null } } } } })) as never, { ordered: false });
      }
    }),
  );
  const dbBoundRate = BATCHED_N / ((performance.now() - tq) / 1000);
  log(`database bound, coalesced (${dbBatch} emails a batch, 2 in flight): ${dbBoundRate.toFixed(1)} emails/s`);

  // --- 4. state sizes
  const sizes: Record<string, { count: number; sizeMb: number }> = {};
  for (const name of ['recipients', 'messages', 'broadcasts']) {
    const stats = (await db.command({ collStats: name }).catch(() => ({ count: 0, size: 0 }))) as { count: number; size: number };
    sizes[name] = { count: stats.count, sizeMb: Math.round((stats.size / 1048576) * 10) / 10 };
  }
  const redisMemory = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0) / 1048576;
  const redisKeys = await redis.dbsize();

  const summary = {
    date: new Date().toISOString(),
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, shared with other engineers' test runs`,
    recipients: N,
    seedSeconds: +(seedMs / 1000).toFixed(1),
    enqueueSeconds: +(enqueueMs / 1000).toFixed(1),
    enqueuedPerSecond: +(N / (enqueueMs / 1000)).toFixed(0),
    waitingJobsAfterEnqueue: waiting,
    serviceSendRate: +serviceRate.toFixed(1),
    serviceSentInWindow: sent - startCount,
    sendWindowSeconds: +sendSeconds.toFixed(1),
    bareNodemailerRate: +bareRate.toFixed(1),
    ratio: +(serviceRate / bareRate).toFixed(3),
    databaseBoundOneAtATimeRate: +dbBoundSingleRate.toFixed(1),
    databaseBoundRate: +dbBoundRate.toFixed(1),
    databaseBatch: dbBatch,
    ratioToDatabaseBound: +(serviceRate / dbBoundRate).toFixed(2),
    concurrency,
    cpuSecondsDuringSendWindow: cpuSend,
    cpuSecondsDuringBareLoop: cpuBare,
    cpuMsPerEmail: {
      service: +((cpuSend['service']! * 1000) / (sent - startCount)).toFixed(2),
      servicePath: +(((cpuSend['service']! + cpuSend['ferretdb']! + cpuSend['postgres']! + cpuSend['redis']! + cpuSend['sink']!) * 1000) / (sent - startCount)).toFixed(2),
      ferretdb: +((cpuSend['ferretdb']! * 1000) / (sent - startCount)).toFixed(2),
      postgres: +((cpuSend['postgres']! * 1000) / (sent - startCount)).toFixed(2),
      bareLoop: +(((cpuBare['bench']! + cpuBare['sink']!) * 1000) / BARE_N).toFixed(2),
    },
    loadAverage1m: { sendStart: +load0.toFixed(2), sendEnd: +load1.toFixed(2) },
    peakRssServiceMb: +rssService.toFixed(0),
    rssServiceAfterStartMb: +rssBefore.toFixed(0),
    peakRssBenchMb: +peakRssMb(process.pid).toFixed(0),
    collections: sizes,
    redis: { usedMemoryMb: +redisMemory.toFixed(1), keys: redisKeys },
  };
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');

  await db.dropDatabase();
  await client.close();
  redis.disconnect();
  rmSync(redisDir, { recursive: true, force: true });
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`benchmark failed: ${String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  });
