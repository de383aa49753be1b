export * from './keys';
export * from './rate-limiter';
export * from './rules';
export * from './rate-limits.module';
export * from './client-address';
