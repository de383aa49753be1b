import 'reflect-metadata';
import { runService } from '@trygg/service-kit';
import { PoliceLiaisonModule } from './app.module';
import { loadPoliceLiaisonConfig } from './config';

runService('police-liaison', loadPoliceLiaisonConfig, (config, logger) => PoliceLiaisonModule.forRoot(config, logger));
