import 'reflect-metadata';
import { runService } from '@trygg/service-kit';
import { EnrolmentModule } from './app.module';
import { loadEnrolmentConfig } from './config';

runService('enrolment', loadEnrolmentConfig, (config, logger) => EnrolmentModule.forRoot(config, logger));
