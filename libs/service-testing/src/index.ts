export * from './offline-app';
