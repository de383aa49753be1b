import type { EventHandler } from '@trygg/messaging';
import { stepWorkerHandlers } from '@trygg/step-worker';
import { type CaseStore, NoPoliceArea, type OpenCase } from '../application/cases';

/**
 * Topic → use case. Requests for other step types are acknowledged and ignored: they are not ours. A request that
 * names no police area for an unknown municipality cannot be placed: dead-lettered at once. Erasure: the cases keep
 * ids and decisions (the audited record), not what the person told us.
 */
export function eventHandlers(openCase: OpenCase, cases: CaseStore): Record<string, EventHandler> {
  return stepWorkerHandlers(openCase, cases, { permanentErrors: [NoPoliceArea] });
}
