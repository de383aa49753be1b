/** DI token of the development staff guard's mode (`devStaffAccess` of @trygg/service-kit). */
export const STAFF_DEV_GUARD = Symbol('STAFF_DEV_GUARD');
