export * from './errors';
export * from './all-exceptions.filter';
export * from './bootstrap';
export * from './infrastructure.module';
export * from './internal-token.guard';
export * from './housekeeping';
export * from './dev-staff';
