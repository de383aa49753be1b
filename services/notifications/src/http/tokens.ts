/** DI tokens for the configuration values the controllers need beside the use cases. */
export const DELIVERY_REPORT_SECRET = Symbol('DELIVERY_REPORT_SECRET');
