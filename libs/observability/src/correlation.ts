import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface CorrelationContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

export const CORRELATION_HEADER = 'x-correlation-id';

/** The correlation id of the request or event being handled, if any. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function runWithCorrelation<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

/** Accepts a caller's id only when it is a short, printable token; otherwise starts a new one. */
export function correlationIdFrom(header: unknown): string {
  if (typeof header === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(header)) return header;
  return randomUUID();
}
