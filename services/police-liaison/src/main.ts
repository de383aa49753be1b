import 'reflect-metadata';
import { loadConfig, serviceBaseShape } from '@trygg/config';
import { runService } from '@trygg/service-kit';
import { PoliceLiaisonModule } from './app.module';

runService('police-liaison', () => loadConfig(serviceBaseShape), (config, logger) => PoliceLiaisonModule.forRoot(config, logger));
