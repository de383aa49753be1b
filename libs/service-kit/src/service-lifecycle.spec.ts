import type { DiscoveryService } from '@nestjs/core';
import { createLogger } from '@trygg/observability';
import { waitFor } from '@trygg/testing';
import { type ServiceKitConfig, ServiceLifecycle } from './service-kit.module';

/** A lifecycle over stand-in connections whose discovered providers are the given objects. */
function lifecycle(...providers: object[]) {
  const logger = createLogger('test', 'silent');
  const errors = jest.spyOn(logger, 'error');
  const order: string[] = [];
  const discovery = { getProviders: () => providers.map((instance) => ({ instance, isDependencyTreeStatic: () => true })) } as unknown as DiscoveryService;
  const mongo = { start: async () => void order.push('mongo start'), stop: async () => void order.push('mongo stop') };
  const kafka = { start: async () => void order.push('kafka start'), stop: async () => void order.push('kafka stop'), ensureTopics: async () => undefined };
  const config = { PERSONAL_DATA_RETENTION_MS: 1000 } as ServiceKitConfig;
  return { lifecycle: new ServiceLifecycle(discovery, mongo as never, kafka as never, config, logger), errors, order };
}

const postgresStarting = () => Object.assign(new Error('the database system is starting up'), { name: 'MongoServerError', code: 1 });

describe('ServiceLifecycle', () => {
  it("runs every provider's start-up task once connected, then lets the consumer start; each provider once", async () => {
    const calls: string[] = [];
    const indexes = { onInfrastructureReady: async () => void calls.push('indexes') };
    const relay = { onInfrastructureReady: () => void calls.push('relay'), beforeInfrastructureShutdown: () => void calls.push('relay stop') };
    const { lifecycle: l, order } = lifecycle(indexes, relay, relay, { unrelated: true });
    l.onApplicationBootstrap();
    await l.whenStarted();
    expect(calls.sort()).toEqual(['indexes', 'relay']);
    expect(order).toEqual(['mongo start', 'kafka start']);
    await l.onApplicationShutdown();
    expect(calls).toContain('relay stop');
    expect(order.slice(2)).toEqual(['kafka stop', 'mongo stop']);
  });

  it('runs the start-up tasks again while the database is unavailable, until they succeed', async () => {
    let calls = 0;
    const { lifecycle: l, errors } = lifecycle({
      onInfrastructureReady: async () => {
        calls += 1;
        if (calls < 3) throw postgresStarting();
      },
    });
    l.onApplicationBootstrap();
    await l.whenStarted();
    await l.onApplicationShutdown();
    expect(calls).toBe(3);
    expect(errors).not.toHaveBeenCalled();
  }, 10_000);

  it('runs the start-up tasks again after a deadlock of two instances building the same indexes at once', async () => {
    let calls = 0;
    const { lifecycle: l, errors } = lifecycle({
      onInfrastructureReady: async () => {
        calls += 1;
        // FerretDB 2 on PostgreSQL: one of two concurrent createIndexes on a new database is aborted.
        if (calls === 1) throw Object.assign(new Error('deadlock detected'), { name: 'MongoServerError', code: 16908292 });
      },
    });
    l.onApplicationBootstrap();
    await l.whenStarted();
    await l.onApplicationShutdown();
    expect(calls).toBe(2);
    expect(errors).not.toHaveBeenCalled();
  }, 10_000);

  it('does not repeat start-up tasks that failed for another reason, logs the failure, and never lets the consumer start', async () => {
    let calls = 0;
    let started = false;
    const { lifecycle: l, errors } = lifecycle({
      onInfrastructureReady: async () => {
        calls += 1;
        throw new Error('bad index definition');
      },
    });
    void l.whenStarted().then(() => (started = true));
    l.onApplicationBootstrap();
    await waitFor('the failure to be logged', () => (errors.mock.calls.length > 0 ? true : undefined));
    await l.onApplicationShutdown();
    expect(calls).toBe(1);
    expect(started).toBe(false);
    expect(errors.mock.calls[0]![0]).toMatchObject({ err: 'bad index definition' });
  });
});
