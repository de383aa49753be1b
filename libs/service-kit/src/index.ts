export * from './errors';
export * from './all-exceptions.filter';
export * from './bootstrap';
export * from './housekeeping';
export * from './service-kit.module';
export * from './providers';
export * from './openapi.module';
export * from './audit-records.controller';
