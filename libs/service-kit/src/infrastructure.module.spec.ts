import { createLogger } from '@trygg/observability';
import { waitFor } from '@trygg/testing';
import { InfrastructureLifecycle, type InfrastructureOptions } from './infrastructure.module';

function lifecycle(afterConnect: () => Promise<void>) {
  const logger = createLogger('test', 'silent');
  const errors = jest.spyOn(logger, 'error');
  const options = {
    logger,
    mongo: { start: async () => undefined, stop: async () => undefined },
    kafka: { start: async () => undefined, stop: async () => undefined, ensureTopics: async () => undefined },
    topicRetention: new Map(),
    afterConnect,
  } as unknown as InfrastructureOptions;
  return { lifecycle: new InfrastructureLifecycle(options), errors };
}

const postgresStarting = () => Object.assign(new Error('the database system is starting up'), { name: 'MongoServerError', code: 1 });

describe('InfrastructureLifecycle', () => {
  it("runs the service's start-up steps again while the database is unavailable, until they succeed", async () => {
    let calls = 0;
    const { lifecycle: l, errors } = lifecycle(async () => {
      calls += 1;
      if (calls < 3) throw postgresStarting();
    });
    l.onApplicationBootstrap();
    await waitFor('the third attempt to succeed', () => (calls === 3 ? true : undefined), { timeoutMs: 10_000 });
    await l.onApplicationShutdown();
    expect(calls).toBe(3);
    expect(errors).not.toHaveBeenCalled();
  });

  it('does not repeat start-up steps that failed for another reason, and logs the failure', async () => {
    let calls = 0;
    const { lifecycle: l, errors } = lifecycle(async () => {
      calls += 1;
      throw new Error('bad index definition');
    });
    l.onApplicationBootstrap();
    await waitFor('the failure to be logged', () => (errors.mock.calls.length > 0 ? true : undefined));
    await l.onApplicationShutdown();
    expect(calls).toBe(1);
    expect(errors.mock.calls[0]![0]).toMatchObject({ err: 'bad index definition' });
  });
});
