import 'reflect-metadata';
import { runService } from '@trygg/service-kit';
import { NotificationsModule } from './app.module';
import { loadNotificationsConfig } from './config';

runService('notifications', loadNotificationsConfig, (config, logger) => NotificationsModule.forRoot(config, logger));
