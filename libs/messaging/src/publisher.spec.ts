import type { Producer } from 'kafkajs';
import { createEvent, OnboardingStepCompletedV1, RegistrationSubmittedV1 } from '@trygg/contracts';
import { EVENT_HEADERS, EventPublisher, headersOf, traceparentFor, UndeclaredPublication } from './publisher';

describe('event headers', () => {
  const event = createEvent(
    RegistrationSubmittedV1,
    { municipalityId: 'ale', correlationId: 'req-42', causationId: 'evt-1' },
    {
      registrationId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11',
      personId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22',
      name: 'Anna',
      email: 'anna@example.se',
      language: 'sv',
    },
  );

  it('carry the event id, type, correlation, causation and municipality', () => {
    expect(headersOf(event)).toMatchObject({
      [EVENT_HEADERS.eventId]: event.eventId,
      [EVENT_HEADERS.type]: 'enrolment.registration-submitted.v1',
      [EVENT_HEADERS.correlationId]: 'req-42',
      [EVENT_HEADERS.causationId]: 'evt-1',
      [EVENT_HEADERS.municipalityId]: 'ale',
    });
  });

  it('carry a W3C traceparent whose trace id follows the correlation id', () => {
    const a = traceparentFor('req-42');
    const b = traceparentFor('req-42');
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(a.split('-')[1]).toBe(b.split('-')[1]);
    expect(a.split('-')[2]).not.toBe(b.split('-')[2]);
    expect(traceparentFor('other').split('-')[1]).not.toBe(a.split('-')[1]);
  });

  it('never carry personal data', () => {
    expect(JSON.stringify(headersOf(event))).not.toMatch(/anna/i);
  });
});

describe('EventPublisher', () => {
  const answer = createEvent(
    OnboardingStepCompletedV1,
    { municipalityId: 'ale', correlationId: 'req-7' },
    { instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11', stepId: 'police-approval', stepType: 'police-approval', attempt: 1, outcome: 'approved', reason: null, actor: { kind: 'police', id: 'officer-1' } },
  );
  const fakeProducer = () => {
    const batches: Array<{ topicMessages: Array<{ topic: string; messages: Array<{ headers: Record<string, unknown> }> }> }> = [];
    return { batches, producer: { sendBatch: async (batch: (typeof batches)[number]) => void batches.push(batch) } as unknown as Producer };
  };

  it('stamps every event with the publishing service as the producer header', async () => {
    const { batches, producer } = fakeProducer();
    await new EventPublisher(producer, 'police-liaison').publish([answer]);
    expect(batches[0]!.topicMessages[0]!.messages[0]!.headers[EVENT_HEADERS.producer]).toBe('police-liaison');
  });

  it('refuses an event type the service is not declared to publish (libs/contracts publishers), sending nothing', async () => {
    const { batches, producer } = fakeProducer();
    await expect(new EventPublisher(producer, 'volunteers').publish([answer])).rejects.toThrow(UndeclaredPublication);
    await expect(new EventPublisher(producer, 'volunteers').publish([answer])).rejects.toThrow(/volunteers may not publish onboarding\.step-completed\.v1/);
    expect(batches).toEqual([]);
  });

  it('without a service (library tests) sends no producer header and checks nothing', async () => {
    const { batches, producer } = fakeProducer();
    await new EventPublisher(producer).publish([answer]);
    expect(batches[0]!.topicMessages[0]!.messages[0]!.headers).not.toHaveProperty(EVENT_HEADERS.producer);
  });
});
