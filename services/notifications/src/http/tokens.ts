/** DI tokens for the values the controllers need beside the use cases. */
export const STAFF_GUARD = Symbol('STAFF_GUARD');
export const DELIVERY_REPORT_SECRET = Symbol('DELIVERY_REPORT_SECRET');
export const MESSAGE_STORE = Symbol('MESSAGE_STORE');

export const LOGGER = Symbol('LOGGER');
