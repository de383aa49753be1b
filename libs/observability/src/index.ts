export * from './correlation';
export * from './logger';
export * from './readiness';
export * from './health.controller';
export * from './observability.module';
