import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { type EventEnvelope, OnboardingStepCompletedV1, subscriptions } from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import { wire } from '../../test/fakes';
import { SendRequestedAreaMessage } from '../application/send-requested-area-message';
import { NotificationEventsController } from './notification-events.controller';

describe('NotificationEventsController', () => {
  it('handles every event notifications subscribes to, with one method', () => {
    const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, NotificationEventsController.prototype.onEvent);
    expect(patterns).toEqual([...subscriptions.notifications]);
  });

  it('an event with no fact and no rule in any municipality touches no store, even from an unknown municipality', async () => {
    const app = wire();
    expect(app.catalogue.hasRulesFor(OnboardingStepCompletedV1.type)).toBe(false);
    const touched: string[] = [];
    for (const [name, store] of Object.entries({ recipients: app.recipients, messages: app.messages, awaiting: app.awaiting, queue: app.queue })) {
      for (const method of Object.getOwnPropertyNames(Object.getPrototypeOf(store)).filter((m) => m !== 'constructor')) {
        const original = (store as unknown as Record<string, unknown>)[method];
        if (typeof original !== 'function') continue;
        (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          touched.push(`${name}.${method}`);
          return (original as (...a: unknown[]) => unknown).apply(store, args);
        };
      }
    }
    const controller = new NotificationEventsController(app.facts, app.notify, new SendRequestedAreaMessage(app.catalogue, app.broadcasts, undefined as never, undefined as never, createLogger('test', 'silent')));
    for (const municipalityId of ['lilla-edet', 'nowhere']) {
      // The payload does not matter: nothing reads it (the transport validated it against the contract before).
      const event: EventEnvelope = { eventId: `e-${municipalityId}`, type: OnboardingStepCompletedV1.type, occurredAt: '2026-06-10T10:00:00Z', municipalityId, correlationId: 'c-1', causationId: null, payload: {} };
      await controller.onEvent(event);
    }
    expect(touched).toEqual([]);
  });
});

