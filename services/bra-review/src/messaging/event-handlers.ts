import type { EventHandler } from '@trygg/messaging';
import { stepWorkerHandlers } from '@trygg/step-worker';
import type { ReceiveRequest, ReviewStore } from '../application/reviews';

/**
 * The plug-in listens to one topic and keeps the requests for its own step type. Erasure: reviews keep ids and
 * decisions (the audited record), not what the person told us.
 */
export function eventHandlers(receive: ReceiveRequest, reviews: ReviewStore): Record<string, EventHandler> {
  return stepWorkerHandlers(receive, reviews);
}
