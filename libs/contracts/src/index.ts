export * from './envelope';
export * from './define-event';
export * from './registry';
export * from './event';
export * from './catalogue';
export * from './events/enrolment';
