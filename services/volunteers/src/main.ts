import 'reflect-metadata';
import { loadConfig, serviceBaseShape } from '@trygg/config';
import { runService } from '@trygg/service-kit';
import { VolunteersModule } from './app.module';

runService('volunteers', () => loadConfig(serviceBaseShape), (config, logger) => VolunteersModule.forRoot(config, logger));
