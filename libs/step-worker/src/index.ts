export * from './step-work';
export * from './ports';
export * from './receive-step-request';
export * from './decide-step';
export * from './step-worker-events.controller';
export * from './mongo-step-work-store';
export * from './in-memory-step-work-store';
export * from './http';
