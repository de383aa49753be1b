import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { mongo } from 'mongoose';
import { dlqTopicOf, eventContracts, RegistrationSubmittedV1 } from '@trygg/contracts';
import {
  consumerGroupsCaughtUp,
  MailCatcherClient,
  mongoUrl,
  outboxesDrained,
  ServiceProcess,
  startGroupAtEnd,
  TestIdp,
  testKafka,
  testMongo,
  TopicReader,
  waitFor,
} from '@trygg/testing';

// PostgreSQL — the DocumentDB storage under FerretDB — crashes mid-flow (`pg_ctl stop -m immediate`: every backend
// killed, no checkpoint, crash recovery at the next start) while FerretDB keeps running, and comes back
// (`infra.sh start postgres`). Meanwhile: the services say they are not ready and name mongodb; a registration sent
// during the outage is answered 503 (not 500) and leaves nothing behind; FerretDB reconnects by itself; and once
// PostgreSQL is back every registration — those submitted just before the crash, and the one sent again after its
// 503 — gets exactly one confirmation mail. (Restarts the local PostgreSQL: run alone, as CI does; afterAll starts it
// again whatever happened.) Ports 4850–4899, names `pgdown`.

const root = join(__dirname, '..');
const infra = join(root, 'deploy/local/infra.sh');
const localDir = process.env['LOCAL_DIR'] ?? join(root, '.local');
const pgData = join(localDir, 'data/postgres');
const pgBin = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/** As infra.sh does: PostgreSQL runs as the `postgres` user when the scripts run as root. */
function asPostgres(command: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, { cwd: '/', stdio: 'ignore', timeout: 60_000 });
}
const crashPostgres = () => asPostgres(join(pgBin, 'pg_ctl'), ['-D', pgData, 'stop', '-m', 'immediate', '-w', '-t', '30']);
const startInfra = (...components: string[]) => execFileSync('bash', [infra, 'start', ...components], { stdio: 'ignore', timeout: 120_000 });
const ferretdbPid = () => readFileSync(join(localDir, 'run/ferretdb.pid'), 'utf8').trim();

const run = randomUUID().slice(0, 8);
const db = { enrolment: `pgdown_${run}_enrolment`, notifications: `pgdown_${run}_notifications` };
const group = (service: string) => `pgdown-${run}-${service}`;
// The service-to-service secrets (libs/auth: one per caller and purpose, read by the caller and the called service),
// fresh per run: notifications → enrolment's POST /internal/links, the web → notifications' preferences.
const internalSecrets = { INTERNAL_SECRET_NOTIFICATIONS_SELF_SERVICE_LINKS: randomBytes(32).toString('hex'), INTERNAL_SECRET_WEB_PREFERENCES: randomBytes(32).toString('hex') };
// Started in beforeAll, trusting the issuers of a TestIdp (DEV_IDP_URL).
let idp: TestIdp;
let enrolment: ServiceProcess;
let notifications: ServiceProcess;
function startProcesses(): ServiceProcess[] {
  enrolment = new ServiceProcess({
    service: 'enrolment',
    port: 4851,
    env: { MONGO_URL: mongoUrl(db.enrolment), CONSUMER_GROUP: group('enrolment'), ...internalSecrets, DEV_IDP_URL: idp.url, LOG_LEVEL: 'info' },
  });
  notifications = new ServiceProcess({
    service: 'notifications',
    port: 4854,
    env: {
      MONGO_URL: mongoUrl(db.notifications),
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6380',
      SMTP_URL: process.env['SMTP_URL'] ?? 'smtp://127.0.0.1:1025',
      NOTIFICATIONS_PUBLIC_URL: 'http://127.0.0.1:4854',
      CONSUMER_GROUP: group('notifications'),
      QUEUE_PREFIX: group('notifications'),
      RETRY_BASE_DELAY_MS: '200',
      ENROLMENT_URL: enrolment.url,
      ...internalSecrets,
      DEV_IDP_URL: idp.url,
      LOG_LEVEL: 'info',
    },
  });
  return [enrolment, notifications];
}
const kafka = testKafka();
const mail = new MailCatcherClient();
const isConfirmation = (subject: string) => subject.startsWith('Bekräfta din anmälan');

const register = (label: string, email: string) =>
  fetch(`${enrolment.url}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ municipalityId: 'lilla-edet', name: `Pia ${label}`, email, address: { street: 'Storgatan', number: '9', postcode: '463 30' }, intent: 'join' }),
    signal: AbortSignal.timeout(30_000),
  });

async function readiness(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
}

describe('PostgreSQL under FerretDB crashes mid-flow and comes back', () => {
  let client: mongo.MongoClient;
  let deadLetters: TopicReader;

  beforeAll(async () => {
    startInfra('postgres', 'ferretdb'); // a previous run that died half-way may have left it stopped
    client = await testMongo();
    await Promise.all(['enrolment', 'notifications'].map((s) => startGroupAtEnd(kafka, group(s), eventContracts.map((c) => c.type))));
    idp = await TestIdp.start();
    await Promise.all([...startProcesses().map((p) => p.start()), (async () => (deadLetters = await new TopicReader(kafka, dlqTopicOf(RegistrationSubmittedV1.type)).start()))()]);
  }, 120_000);

  afterAll(async () => {
    try {
      startInfra('postgres', 'ferretdb'); // whatever happened above: the rest of the suite needs it
    } finally {
      await Promise.all([enrolment?.stop(), notifications?.stop(), deadLetters?.stop()]);
      await idp?.close();
    }
    await client.db(db.enrolment).dropDatabase().catch(() => undefined);
    await client.db(db.notifications).dropDatabase().catch(() => undefined);
    await client.close();
  }, 180_000);

  /**
   * Three registrations stored and published just before the crash; readiness and a registration during the outage;
   * PostgreSQL back; the refused registration sent again; then one mail each, nothing dead-lettered. With
   * `restartNotifications`, notifications is killed before the registrations and started again during the outage, so
   * their events wait for it and it starts without its database. Every broken guarantee is reported at the end.
   */
  async function outage(label: string, { restartNotifications }: { restartNotifications: boolean }): Promise<void> {
    const problems: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    };
    const email = (name: string) => `pgdown-${run}-${label}-${name}@pgdown.example`;
    const before = ['fore-1', 'fore-2', 'fore-3'].map(email);
    const during = email('under');
    const ferretdb = ferretdbPid();

    if (restartNotifications) await notifications.kill();
    for (const [i, to] of before.entries()) expect((await register(`före ${i}`, to)).status).toBe(202);
    if (restartNotifications) {
      await waitFor('the registrations published', async () => ((await client.db(db.enrolment).collection('registrations').countDocuments({ email: { $in: before }, outboxPending: false })) === before.length ? true : undefined));
    }
    const t0 = Date.now();
    crashPostgres();
    if (restartNotifications) await notifications.start({ waitReady: false });

    for (const service of [enrolment, notifications]) {
      const ready = await waitFor(`${service.url} to say it is not ready`, async () => {
        const r = await readiness(service.url);
        return r.status === 503 ? r : undefined;
      }, { timeoutMs: 30_000, intervalMs: 250 });
      check(`${service.url}/health/ready names mongodb`, ready.body.includes('mongodb'), true);
    }
    const refused = await register('under', during);
    check('a registration during the outage: status and error', { status: refused.status, error: ((await refused.json()) as { error?: string }).error }, { status: 503, error: 'unavailable' });
    const probed = Date.now() - t0;

    startInfra('postgres');
    check('FerretDB kept running (same pid)', ferretdbPid(), ferretdb);
    const ready = await Promise.all([enrolment.waitReady(30_000), notifications.waitReady(30_000)].map((p) => p.then(() => true).catch((error: Error) => problems.push(error.message) && false)));
    if (!ready.every(Boolean)) {
      // Reported below; restarted so that the rest of the checks (and the next case) have a ready service.
      for (const [i, service] of [enrolment, notifications].entries()) if (!ready[i]) await service.kill().then(() => service.start());
    }
    const recovered = Date.now() - t0;
    const leftBehind = await client.db(db.enrolment).collection('registrations').countDocuments({ email: during });
    check('the refused registration left nothing behind', leftBehind, 0);
    expect((await register('under', during)).status).toBe(202); // the resident sends it again

    for (const to of [...before, during]) {
      await waitFor(`the confirmation mail to ${to}`, async () => ((await mail.messagesTo(to)).some((m) => isConfirmation(m.subject)) ? true : undefined), { timeoutMs: 30_000, intervalMs: 250 }).catch((error: Error) =>
        problems.push(error.message),
      );
    }
    await waitFor(
      'outboxes drained, messages sent, consumers at the end',
      async () => ((await outboxesDrained(client, Object.values(db))) ? consumerGroupsCaughtUp(kafka, [group('enrolment'), group('notifications')], [RegistrationSubmittedV1.type]) : undefined),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    for (const to of [...before, during]) {
      check(`${to}: registrations stored`, await client.db(db.enrolment).collection('registrations').countDocuments({ email: to }), 1);
      // (a registration half-written during the outage and sent again would legitimately re-send: 2)
      check(`${to}: confirmation mails`, (await mail.messagesTo(to)).filter((m) => isConfirmation(m.subject)).length, to === during && leftBehind > 0 ? 2 : 1);
    }
    // An outage is not the message's fault: nothing of this run went to the dead-letter topic.
    check('events of this run dead-lettered', deadLetters.matching((m) => m.value?.toString('utf8').includes(`pgdown-${run}-${label}-`) ?? false).length, 0);
    console.log(`PostgreSQL crash (${label}): probed within ${(probed / 1000).toFixed(1)} s; services ready again ${(recovered / 1000).toFixed(1)} s after the crash${problems.length ? `; problems:\n${problems.join('\n')}` : ''}`);
    expect(problems).toEqual([]);
  }

  it('with the services running through it: not ready while it is gone, 503, nothing lost, nothing sent twice', () => outage('running', { restartNotifications: false }), 150_000);

  it('with notifications starting while it is gone: ready by itself once it is back, and handles what waited, once', () => outage('starting', { restartNotifications: true }), 150_000);
});
