import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<string>();

/**
 * The address of the client a request is served for, for the rest of the request (`next` runs inside it): a front
 * such as the web passes it on to the API it calls (`x-forwarded-for`), so that service's per-network limit counts
 * the resident's network, not the front's.
 */
export function runWithClientAddress<T>(address: string, fn: () => T): T {
  return storage.run(address, fn);
}

/** The client address of the request being served, if a front set one. */
export function currentClientAddress(): string | undefined {
  return storage.getStore();
}
