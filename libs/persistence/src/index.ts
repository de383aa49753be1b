export * from './mongo-connection';
export * from './scoped';
export * from './duplicate-key';
export * from './optimistic';
export * from './transient';
