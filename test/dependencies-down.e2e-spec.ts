import { readFileSync } from 'node:fs';
import { mongoUrl, ServiceProcess, TcpProxy, waitFor } from '@trygg/testing';

// A dependency missing at start: the service comes up (liveness 200), names the missing dependency in its
// log and in /health/ready (503), keeps retrying, and becomes ready when the dependency is back.

const ports = { enrolment: 3261, notifications: 3264, redisProxy: 3298 };
/** What the process logged since `from` (its log file is shared by every run on that port in the tests). */
const logSince = (service: ServiceProcess, from: number) => {
  try {
    return readFileSync(service.logFile).subarray(from).toString('utf8');
  } catch {
    return '';
  }
};
const logSize = (service: ServiceProcess) => Buffer.byteLength(logSince(service, 0));

async function readiness(url: string): Promise<{ status: number; body: string }> {
  const res = await waitFor(`${url} to answer`, async () => fetch(`${url}/health/ready`).catch(() => undefined), { timeoutMs: 30_000 });
  return { status: res.status, body: await res.text() };
}

describe('a service whose dependency is missing at start', () => {
  it('without Kafka: is live, not ready, names Kafka, and keeps retrying', async () => {
    const service = new ServiceProcess({
      service: 'enrolment',
      port: ports.enrolment,
      env: { MONGO_URL: mongoUrl('e2e_enrolment'), KAFKA_BROKERS: '127.0.0.1:1' },
    });
    const from = logSize(service);
    await service.start({ waitReady: false });
    try {
      const ready = await readiness(service.url);
      expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body).error.kafka).toEqual({ status: 'down', message: 'not connected' });
      const attempts = () =>
        logSince(service, from)
          .split('\n')
          .filter((l) => l.includes('Kafka is unreachable') && l.includes(`"dependency":"kafka"`)).length;
      await waitFor('a second connection attempt', () => (attempts() >= 2 ? true : undefined), { timeoutMs: 30_000 }); // it keeps trying
    } finally {
      await service.stop();
    }
  }, 60_000);

  it('without Redis: notifications is not ready, names Redis, and becomes ready when Redis is back', async () => {
    const proxy = new TcpProxy(ports.redisProxy, { host: '127.0.0.1', port: Number(process.env['REDIS_PORT'] ?? 6380) });
    const service = new ServiceProcess({
      service: 'notifications',
      port: ports.notifications,
      env: {
        MONGO_URL: mongoUrl('e2e_down_notifications'),
        REDIS_URL: `redis://127.0.0.1:${ports.redisProxy}`,
        CONSUMER_GROUP: 'e2e-down-notifications',
        CONSUMER_FROM_BEGINNING: 'false', // readiness only: no backlog of other tests to work through
        QUEUE_PREFIX: 'e2e-down',
      },
    });
    const from = logSize(service);
    await service.start({ waitReady: false });
    try {
      await waitFor('the Redis outage to be logged', () => (logSince(service, from).includes('Redis is unreachable; reconnecting') ? true : undefined));
      const ready = await readiness(service.url);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body).error.redis.status).toBe('down');

      await proxy.open();
      await service.waitReady(60_000);
    } finally {
      await service.stop();
      await proxy.close();
    }
  }, 120_000);
});
