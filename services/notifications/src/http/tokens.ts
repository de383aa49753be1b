/** DI tokens for the configuration values the controllers need beside the use cases. */
export const STAFF_GUARD = Symbol('STAFF_GUARD');
export const DELIVERY_REPORT_SECRET = Symbol('DELIVERY_REPORT_SECRET');
