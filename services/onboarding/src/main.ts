import 'reflect-metadata';
import { runService } from '@trygg/service-kit';
import { OnboardingModule } from './app.module';
import { loadOnboardingConfig } from './config';

runService('onboarding', loadOnboardingConfig, (config, logger) => OnboardingModule.forRoot(config, logger));
