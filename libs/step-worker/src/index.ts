export * from './step-work';
export * from './ports';
export * from './use-cases';
export * from './step-worker-events.controller';
export * from './mongo-step-work-store';
export * from './in-memory-step-work-store';
export * from './http';
