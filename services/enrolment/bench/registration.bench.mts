// Registration benchmark (issue 10). Run from the repository root after `npm run build`, with the shared FerretDB
// and Kafka up:
//
//   node services/enrolment/bench/registration.bench.mts [registrations=2000] [latencySeconds=60] [perSecond=20]
//
// Starts its own Redis (AOF) and an SMTP sink that notes when each mail arrives (notifications/bench/smtp-sink.mts,
// SINK_TIMESTAMPS=1), on ports 4900–4929, and the built enrolment and notifications (dist/) as processes with their
// own databases (reg_bench_enr_<run>, reg_bench_ntf_<run>), consumer groups and queue prefix. It reads
// `enrolment.registration-submitted.v1` with kafkajs (its own group) to see when each registration was published.
//   1. throughput: `registrations` POST /registrations (unique emails) with BENCH_CONCURRENCY (20) in flight, only
//      enrolment running: registrations per second until every one is stored and its event published;
//   2. latency: notifications started too; `perSecond` registrations a second (open loop, one every 1000/perSecond ms,
//      not waiting for answers) for `latencySeconds`; for each, the time from the POST to the HTTP answer, to the
//      event on Kafka (the producer's timestamp) and to the confirmation mail's arrival in the sink: p50/p99;
//   3. baselines, after the services are stopped: the raw insert rate — plain insertOne of a document of the same
//      size as the one enrolment inserts (a stored registration with its outbox entry) into a fresh collection of a
//      fresh database, same concurrency — and the latency of a bare pooled nodemailer send to the same sink at the
//      same pace.
// Prints a JSON summary. Everything it created (databases, Redis, consumer groups) is removed at the end.
// Node 24 type stripping: only erasable TypeScript syntax.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import nodemailer from 'nodemailer';
// Built by `npm run build` (these scripts need the build anyway): the same wait the integration tests use.
import { waitFor } from '../../../dist/libs/testing/src/wait.js';

const root = resolve(import.meta.dirname, '../../..');
const N = Number(process.argv[2] ?? 2000);
const LATENCY_S = Number(process.argv[3] ?? 60);
const PER_SECOND = Number(process.argv[4] ?? 20);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const ports = { enrolment: 4901, notifications: 4904, redis: 4909, smtp: 4925, sinkHttp: 4926 };
const run = randomUUID().slice(0, 8);
const databases = { enrolment: `reg_bench_enr_${run}`, notifications: `reg_bench_ntf_${run}`, raw: `reg_bench_raw_${run}` };
const groups = { enrolment: `reg-bench-enr-${run}`, notifications: `reg-bench-ntf-${run}`, reader: `reg-bench-reader-${run}` };
const mongoBase = process.env.MONGO_URL_BASE ?? 'mongodb://127.0.0.1:27018';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const internalToken = `reg-bench-${randomUUID()}`;
const topic = 'enrolment.registration-submitted.v1';
const domain = `reg-${run}.bench.example`;
const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

function start(cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}


function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const stats = (values: number[]) => ({ n: values.length, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(Math.max(...values)) });

const streets = ['Storgatan', 'Kvarngatan', 'Göta älvs väg', 'Järnvägsgatan', 'Skolvägen'];
function form(i: number, label: string): { email: string; body: string } {
  const email = `${label}${i}@${domain}`;
  return {
    email,
    body: JSON.stringify({
      municipalityId: 'ale',
      name: `Boende ${label} ${i}`,
      email,
      address: { street: streets[i % streets.length], number: String((i % 120) + 1), postcode: '449 30', city: 'Nödinge' },
      intent: 'join',
      language: 'sv',
    }),
  };
}

async function post(url: string, body: string): Promise<number> {
  const res = await fetch(`${url}/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  return res.status;
}

/** Every registration-submitted event of this run: email → producer timestamp (epoch ms), and the envelopes. */
async function startReader(kafka: Kafka) {
  const published = new Map<string, number>();
  const envelopes = new Map<string, Record<string, unknown>>();
  const consumer = kafka.consumer({ groupId: groups.reader, sessionTimeout: 10_000, maxWaitTimeInMs: 100 });
  await consumer.connect();
  const joined = new Promise<void>((r) => consumer.on(consumer.events.GROUP_JOIN, () => r()));
  await consumer.subscribe({ topic, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const raw = message.value?.toString() ?? '';
      if (!raw.includes(domain)) return;
      const event = JSON.parse(raw) as { payload: { email: string } };
      if (!published.has(event.payload.email)) {
        published.set(event.payload.email, Number(message.timestamp));
        envelopes.set(event.payload.email, event as unknown as Record<string, unknown>);
      }
    },
  });
  await joined;
  await sleep(1500); // the group's offsets ("latest") are resolved right after the join
  return { published, envelopes, consumer };
}

async function main(): Promise<void> {
  const load0 = loadavg()[0]!;
  const redisDir = mkdtempSync(join(tmpdir(), 'reg-bench-redis-'));
  start('redis-server', ['--port', String(ports.redis), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', redisDir]);
  start(process.execPath, [join(root, 'services/notifications/bench/smtp-sink.mts')], { SINK_SMTP_PORT: String(ports.smtp), SINK_HTTP_PORT: String(ports.sinkHttp), SINK_TIMESTAMPS: '1' });
  const sinkUrl = `http://127.0.0.1:${ports.sinkHttp}`;
  await waitFor('sink', async () => ((await fetch(`${sinkUrl}/count`)).ok ? true : undefined), { timeoutMs: 15_000, intervalMs: 200 });
  const arrivals = async () => new Map(((await (await fetch(`${sinkUrl}/arrivals`)).json()) as Array<[string, number]>).map(([a, at]) => [a, at]));

  const kafka = new Kafka({ clientId: `reg-bench-${run}`, brokers, logLevel: logLevel.NOTHING });
  const enrolment = start(process.execPath, [join(root, 'dist/services/enrolment/src/main.js')], {
    PORT: String(ports.enrolment),
    MONGO_URL: `${mongoBase}/${databases.enrolment}`,
    KAFKA_BROKERS: brokers.join(','),
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: internalToken,
    CONSUMER_GROUP: groups.enrolment,
    CONSUMER_FROM_BEGINNING: 'false',
    LOG_LEVEL: 'warn',
  });
  const enrolmentUrl = `http://127.0.0.1:${ports.enrolment}`;
  await waitFor('enrolment ready', async () => ((await fetch(`${enrolmentUrl}/health/ready`)).ok ? true : undefined), { timeoutMs: 90_000, intervalMs: 250 });
  const reader = await startReader(kafka);
  log(`enrolment ready, reader joined (run ${run})`);

  // --- 1. throughput: N registrations, `concurrency` in flight, until all are stored and published
  let next = 0;
  const statuses = new Map<number, number>();
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < N) {
        const i = next++;
        const status = await post(enrolmentUrl, form(i, 't').body);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const answeredMs = Date.now() - t0;
  await waitFor('every registration published', async () => (reader.published.size >= N ? true : undefined), { timeoutMs: 300_000, intervalMs: 100 });
  const lastPublished = Math.max(...reader.published.values());
  const publishedMs = lastPublished - t0;
  const client = await new mongoose.mongo.MongoClient(mongoBase).connect();
  const stored = await client.db(databases.enrolment).collection('registrations').countDocuments({ email: { $regex: `^t\\d+@` } });
  const rssEnrolmentThroughput = peakRssMb(enrolment.pid!);
  const registrationRate = N / (publishedMs / 1000);
  log(`throughput: ${N} POSTs answered in ${(answeredMs / 1000).toFixed(1)} s, all published after ${(publishedMs / 1000).toFixed(1)} s = ${registrationRate.toFixed(1)}/s; stored ${stored}; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);

  // --- 2. latency at `perSecond`: POST → answer, → published, → confirmation mail in the sink
  // BENCH_NOTIFICATIONS_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` for the notifications process.
  const notificationsArgs = (process.env.BENCH_NOTIFICATIONS_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const notifications = start(process.execPath, [...notificationsArgs, join(root, 'dist/services/notifications/src/main.js')], {
    PORT: String(ports.notifications),
    MONGO_URL: `${mongoBase}/${databases.notifications}`,
    KAFKA_BROKERS: brokers.join(','),
    REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    ENROLMENT_URL: enrolmentUrl,
    INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: internalToken,
    CONSUMER_GROUP: groups.notifications,
    CONSUMER_FROM_BEGINNING: 'false',
    QUEUE_PREFIX: `reg-bench-${run}`,
    LOG_LEVEL: 'warn',
  });
  const notificationsUrl = `http://127.0.0.1:${ports.notifications}`;
  await waitFor('notifications ready', async () => ((await fetch(`${notificationsUrl}/health/ready`)).ok ? true : undefined), { timeoutMs: 90_000, intervalMs: 250 });
  await sleep(3000); // its consumer's offsets ("latest") are resolved right after the join
  await fetch(`${sinkUrl}/count`, { method: 'DELETE' });
  log(`notifications ready; ${PER_SECOND}/s for ${LATENCY_S} s`);

  const L = Math.round(LATENCY_S * PER_SECOND);
  const interval = 1000 / PER_SECOND;
  const sentAt = new Map<string, number>();
  const answerMs: number[] = [];
  const latencyStatuses = new Map<number, number>();
  const inFlight: Array<Promise<void>> = [];
  const tl = Date.now();
  for (let i = 0; i < L; i++) {
    const due = tl + i * interval;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const { email, body } = form(i, 'l');
    const at = Date.now();
    sentAt.set(email, at);
    inFlight.push(
      post(enrolmentUrl, body).then((status) => {
        answerMs.push(Date.now() - at);
        latencyStatuses.set(status, (latencyStatuses.get(status) ?? 0) + 1);
      }),
    );
  }
  const offeredSeconds = (Date.now() - tl) / 1000;
  await Promise.all(inFlight);
  let mails = new Map<string, number>();
  await waitFor(
    'every confirmation mail',
    async () => {
      mails = await arrivals();
      return [...sentAt.keys()].every((e) => mails.has(e)) ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  ).catch((error: Error) => log(`${error.message}: ${[...sentAt.keys()].filter((e) => mails.has(e)).length}/${L} arrived`));
  const mailMs: number[] = [];
  const publishMs: number[] = [];
  const publishToMailMs: number[] = [];
  for (const [email, at] of sentAt) {
    const arrived = mails.get(email);
    const published = reader.published.get(email);
    if (arrived !== undefined) mailMs.push(arrived - at);
    if (published !== undefined) publishMs.push(published - at);
    if (arrived !== undefined && published !== undefined) publishToMailMs.push(arrived - published);
  }
  // Where the time went inside notifications: event published → message stored and queued (the consumer), → sent
  // (the email worker, including the link it asks enrolment for), from the message's own createdAt and history.
  const personToEmail = new Map([...reader.envelopes].map(([email, e]) => [String((e['payload'] as { personId: string }).personId), email]));
  const publishedToQueuedMs: number[] = [];
  const queuedToSentMs: number[] = [];
  for (const m of await client.db(databases.notifications).collection('messages').find({ template: 'registration-confirmation' }).toArray()) {
    const email = personToEmail.get(String(m['recipientId']));
    const published = email !== undefined && sentAt.has(email) ? reader.published.get(email) : undefined;
    const sentEntry = (m['history'] as Array<{ status: string; at: Date }>).find((h) => h.status === 'sent');
    if (published !== undefined) publishedToQueuedMs.push((m['createdAt'] as Date).getTime() - published);
    if (email !== undefined && sentAt.has(email) && sentEntry) queuedToSentMs.push(sentEntry.at.getTime() - (m['createdAt'] as Date).getTime());
  }
  const rssEnrolment = peakRssMb(enrolment.pid!);
  const rssNotifications = peakRssMb(notifications.pid!);
  log(`latency: mail p50 ${percentile(mailMs, 50)} ms, p99 ${percentile(mailMs, 99)} ms (${mailMs.length}/${L} arrived)`);

  // A registration as enrolment inserts it: the stored document with its outbox entry (the event it published).
  const sample = await client.db(databases.enrolment).collection('registrations').findOne({ email: 'l0@' + domain });
  const envelope = reader.envelopes.get('l0@' + domain);
  await Promise.all([stop(notifications), stop(enrolment)]);
  await reader.consumer.disconnect();

  // --- 3a. raw insert rate: the same document size, plain insertOne, fresh collection, same concurrency
  if (!sample || !envelope) throw new Error('no sample registration to size the raw insert with');
  const { _id: _sid, ...sampleRest } = sample;
  const template = { ...sampleRest, version: 1, outbox: { [String(envelope['eventId'])]: { seq: Date.now() * 1_000_000, event: envelope } }, outboxPending: true, outboxLeaseUntil: 0, outboxLeaseOwner: null };
  const docBytes = mongoose.mongo.BSON.calculateObjectSize({ _id: randomUUID(), ...template });
  const raw = client.db(databases.raw).collection('registrations');
  await raw.insertOne({ _id: 'warm-up' as never, ...template }); // creates the collection, as enrolment's already exists
  const insertMs: number[] = [];
  let r = 0;
  const tr = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (r < N) {
        const i = r++;
        const at = performance.now();
        await raw.insertOne({ ...template, _id: randomUUID() as never, email: `raw${i}@${domain}`, dedupeKey: `raw|${i}` });
        insertMs.push(performance.now() - at);
      }
    }),
  );
  const rawRate = N / ((Date.now() - tr) / 1000);
  log(`raw insertOne: ${rawRate.toFixed(1)}/s (${docBytes} bytes a document)`);

  // --- 3b. a bare pooled nodemailer send to the same sink at the same pace: the floor of the mail latency
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: ports.smtp, secure: false, pool: true, maxConnections: 5 } as never);
  const bareMs: number[] = [];
  const bareN = Math.min(L, 200);
  const bare: Array<Promise<void>> = [];
  const tb = Date.now();
  for (let i = 0; i < bareN; i++) {
    const wait = tb + i * interval - Date.now();
    if (wait > 0) await sleep(wait);
    const at = performance.now();
    bare.push(
      transport
        .sendMail({ from: 'Trygg Samverkan <no-reply@trygg-samverkan.local>', to: `bare${i}@${domain}`, subject: 'Bekräfta din anmälan till grannsamverkan – Ale kommun', text: 'Hej!\n\nBekräfta din anmälan: http://127.0.0.1:3000/ale/grannsamverkan/bekrafta/x' })
        .then(() => void bareMs.push(performance.now() - at)),
    );
  }
  await Promise.all(bare);
  transport.close();

  const summary = {
    date: new Date().toISOString(),
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, shared with other engineers' builds and tests`,
    loadAverage1m: { atStart: round(load0, 2), atEnd: round(loadavg()[0]!, 2) },
    throughput: {
      registrations: N,
      concurrency,
      httpStatuses: Object.fromEntries(statuses),
      answeredSeconds: round(answeredMs / 1000),
      storedAndPublishedSeconds: round(publishedMs / 1000),
      stored,
      registrationsPerSecond: round(registrationRate),
      rawInsertsPerSecond: round(rawRate),
      ratioToRawInsert: round(registrationRate / rawRate, 3),
      rawInsertDocumentBytes: docBytes,
      rawInsertLatencyMs: stats(insertMs),
    },
    latency: {
      perSecondOffered: PER_SECOND,
      registrations: L,
      offeredSeconds: round(offeredSeconds),
      httpStatuses: Object.fromEntries(latencyStatuses),
      mailsArrived: mailMs.length,
      postToAnswerMs: stats(answerMs),
      postToPublishedMs: stats(publishMs),
      publishedToMailMs: stats(publishToMailMs),
      publishedToQueuedMs: stats(publishedToQueuedMs),
      queuedToSentMs: stats(queuedToSentMs),
      postToMailMs: stats(mailMs),
      bareNodemailerSendMs: stats(bareMs),
      ratioMailP50ToBareSend: round(percentile(mailMs, 50) / percentile(bareMs, 50)),
    },
    peakRssMb: { enrolmentAfterThroughput: Math.round(rssEnrolmentThroughput), enrolment: Math.round(rssEnrolment), notifications: Math.round(rssNotifications) },
  };
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');

  for (const name of Object.values(databases)) await client.db(name).dropDatabase();
  await client.close();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups(Object.values(groups)).catch(() => undefined);
  await admin.disconnect();
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
