import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceBaseConfig } from '@trygg/config';
import type { Logger } from '@trygg/observability';
import { createInfrastructure, InfrastructureLifecycleModule } from '@trygg/service-kit';

/**
 * Trygghetsvandrare / nattvandrare: volunteer profiles, onboarding hand-off, walks.
 * Foundation only: the service runs with its own database and Kafka connection; the capability arrives in its issue.
 */
@Module({})
export class VolunteersModule {
  static forRoot(config: ServiceBaseConfig, logger: Logger): DynamicModule {
    return { module: VolunteersModule, imports: [InfrastructureLifecycleModule.forRoot(createInfrastructure('volunteers', config, logger))] };
  }
}
