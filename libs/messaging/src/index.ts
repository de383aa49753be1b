export * from './kafka';
export * from './kafka-client';
export * from './publisher';
export * from './errors';
export * from './outbox';
export * from './inbox';
export * from './consumer';
export * from './outbox-aggregate';
