export * from './mail-catcher';
export * from './service-process';
export * from './wait';
export * from './kafka';
export * from './mongo';
export * from './tcp-proxy';
export * from './explain';
export * from './test-issuer';
