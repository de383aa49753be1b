export * from './step-work';
export * from './ports';
export * from './use-cases';
export * from './event-handlers';
export * from './mongo-step-work-store';
export * from './in-memory-step-work-store';
export * from './http';
export * from './runtime';
