import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { InboxStore, KafkaClient, KafkaEventTransport } from '@trygg/messaging';
import { MongoConnection } from '@trygg/persistence';
import { AllExceptionsFilter, ServiceLifecycle } from '@trygg/service-kit';
import { createLogger } from '@trygg/observability';

/**
 * A service's real root module (`XModule.forRoot(config, logger)`) as an HTTP application that never connects:
 * MongoDB, Kafka, the inbox, the event transport and the start-up lifecycle are stubs, so no
 * `onInfrastructureReady` runs. For unit tests of what the app serves (its routes against libs/http-contracts,
 * `GET /openapi.json`); `override` replaces any other provider that would connect (e.g. a Redis client).
 */
export async function offlineApp(root: DynamicModule, override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (b) => b): Promise<INestApplication> {
  const collection = (name: string) => ({ collectionName: name });
  const builder = Test.createTestingModule({ imports: [root] })
    .overrideProvider(MongoConnection)
    .useValue({ connection: { collection } })
    .overrideProvider(KafkaClient)
    .useValue({ kafka: {}, publisher: { publish: () => Promise.reject(new Error('offline: not connected')) } })
    .overrideProvider(InboxStore)
    .useValue({})
    .overrideProvider(KafkaEventTransport)
    .useValue({})
    .overrideProvider(ServiceLifecycle)
    .useValue({ whenStarted: () => new Promise(() => undefined) });
  const moduleRef = await override(builder).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new AllExceptionsFilter(createLogger('test', 'silent')));
  await app.init();
  return app;
}
