import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { KafkaClient } from '@trygg/messaging';
import { createLogger, LOGGER } from '@trygg/observability';
import { MongoConnection } from '@trygg/persistence';
import { AllExceptionsFilter, SERVICE_CONFIG } from '@trygg/service-kit';
import { AUDIT_LOG, DEFINITION_CATALOGUE, INSTANCE_REPOSITORY, NEW_ID } from '../src/application/ports';
import type { OnboardingConfig } from '../src/config';
import { StaffHttpModule } from '../src/staff.module';
import type { InMemoryAudit, InMemoryInstances, StaticCatalogue } from './fakes';

const logger = createLogger('test', 'silent');

@Module({})
class UnconnectedServiceKit {
  /** What ServiceKitModule provides to the feature modules, with connections that never connect (the ports are fakes). */
  static forRoot(config: Pick<OnboardingConfig, 'STAFF_DEV_GUARD' | 'TIMER_INTERVAL_MS'>): DynamicModule {
    return {
      module: UnconnectedServiceKit,
      global: true,
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: MongoConnection, useValue: { connection: { collection: (name: string) => ({ collectionName: name }) } } },
        { provide: KafkaClient, useValue: { publisher: { publish: () => Promise.reject(new Error('not connected in unit tests')) } } },
      ],
      exports: [SERVICE_CONFIG, LOGGER, MongoConnection, KafkaClient],
    };
  }
}

export interface StaffAppFakes {
  catalogue: StaticCatalogue;
  instances: InMemoryInstances;
  audit: InMemoryAudit;
}

/**
 * The real StaffHttpModule (with InstancesModule and ProcessDefinitionsModule behind it) as an HTTP application,
 * its ports replaced by in-memory fakes; nothing connects. Audit entries get ids `id-1`, `id-2`, … per application.
 */
export async function staffApp(mode: 'allow' | 'deny', fakes: StaffAppFakes): Promise<INestApplication> {
  let n = 0;
  const moduleRef = await Test.createTestingModule({ imports: [UnconnectedServiceKit.forRoot({ STAFF_DEV_GUARD: mode, TIMER_INTERVAL_MS: 60_000 }), StaffHttpModule] })
    .overrideProvider(DEFINITION_CATALOGUE)
    .useValue(fakes.catalogue)
    .overrideProvider(INSTANCE_REPOSITORY)
    .useValue(fakes.instances)
    .overrideProvider(AUDIT_LOG)
    .useValue(fakes.audit)
    .overrideProvider(NEW_ID)
    .useValue(() => `id-${++n}`)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  await app.init();
  return app;
}
