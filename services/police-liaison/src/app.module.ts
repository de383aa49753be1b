import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceBaseConfig } from '@trygg/config';
import type { Logger } from '@trygg/observability';
import { createInfrastructure, InfrastructureLifecycleModule } from '@trygg/service-kit';

/**
 * Kommunpolis: police review of contact persons, decisions, area messages.
 * Foundation only: the service runs with its own database and Kafka connection; the capability arrives in its issue.
 */
@Module({})
export class PoliceLiaisonModule {
  static forRoot(config: ServiceBaseConfig, logger: Logger): DynamicModule {
    return { module: PoliceLiaisonModule, imports: [InfrastructureLifecycleModule.forRoot(createInfrastructure('police-liaison', config, logger))] };
  }
}
