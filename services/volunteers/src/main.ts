import 'reflect-metadata';
import { runService } from '@trygg/service-kit';
import { VolunteersModule } from './app.module';
import { loadVolunteersConfig } from './config';

runService('volunteers', loadVolunteersConfig, (config, logger) => VolunteersModule.forRoot(config, logger));
