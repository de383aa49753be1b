import 'reflect-metadata';
import { runService } from '@trygg/service-kit';
import { BraReviewModule } from './app.module';
import { loadBraReviewConfig } from './config';

runService('bra-review', loadBraReviewConfig, (config, logger) => BraReviewModule.forRoot(config, logger));
