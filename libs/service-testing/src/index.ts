export * from './offline-app';
export * from './access';
