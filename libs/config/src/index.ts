export * from './load-config';
export * from './shared-settings';
