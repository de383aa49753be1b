export * from './offline-app';
export * from './access';
export * from './audit';
