import 'reflect-metadata';
import { runService } from '@trygg/service-kit';
import { WebModule } from './app.module';
import { loadWebConfig } from './config';

runService('web', loadWebConfig, (config, logger) => WebModule.forRoot(config, logger));
