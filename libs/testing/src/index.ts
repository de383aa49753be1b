export * from './mail-catcher';
export * from './service-process';
export * from './wait';
