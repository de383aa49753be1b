import { ContractViolation, createEvent, keyOf, parseEvent } from './event';
import { RegistrationSubmittedV1 } from './events/enrolment';
import { allTopics, dlqTopicOf, eventContracts } from './registry';
import { jsonSchemas } from './catalogue';

const payload = {
  registrationId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11',
  personId: '7d0c2a35-5f0a-4a5b-8f3a-2b7f4c1d9e22',
  name: 'Anna Andersson',
  email: 'anna@example.se',
  language: 'sv' as const,
};
const context = { municipalityId: 'lilla-edet', correlationId: 'req-1' };

describe('event contracts', () => {
  it.each(['Anna\nhttps://bankid-verify.com', 'Logga in på bankid-verify.com', 'Anna \u202Eesrever', 'anna@example.se'])('refuses a person name that is no name: %j', (name) => {
    expect(() => createEvent(RegistrationSubmittedV1, context, { ...payload, name })).toThrow(ContractViolation);
  });

  it('creates a valid envelope with a fresh eventId and the given context', () => {
    const event = createEvent(RegistrationSubmittedV1, context, payload, new Date('2026-11-26T10:00:00Z'));
    expect(event).toMatchObject({
      type: 'enrolment.registration-submitted.v1',
      municipalityId: 'lilla-edet',
      correlationId: 'req-1',
      causationId: null,
      occurredAt: '2026-11-26T10:00:00.000Z',
      payload,
    });
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(createEvent(RegistrationSubmittedV1, context, payload).eventId).not.toBe(event.eventId);
  });

  it('refuses to create an event whose payload breaks the contract, naming the field', () => {
    expect(() => createEvent(RegistrationSubmittedV1, context, { ...payload, email: 'not-an-email' })).toThrow(/email/);
  });

  it('refuses an unknown municipality id format', () => {
    expect(() => createEvent(RegistrationSubmittedV1, { ...context, municipalityId: 'Lilla Edet' }, payload)).toThrow(ContractViolation);
  });

  it('parses what it created, round-tripped through JSON', () => {
    const event = createEvent(RegistrationSubmittedV1, context, payload);
    expect(parseEvent(JSON.parse(JSON.stringify(event)), RegistrationSubmittedV1.type)).toEqual(event);
  });

  it('rejects a consumed event with an extra payload field (strict contracts)', () => {
    const event = createEvent(RegistrationSubmittedV1, context, payload);
    expect(() => parseEvent({ ...event, payload: { ...payload, personnummer: '19500101-1234' } })).toThrow(/personnummer/);
  });

  it('rejects an event of an unknown type and an event on the wrong topic', () => {
    const event = createEvent(RegistrationSubmittedV1, context, payload);
    expect(() => parseEvent({ ...event, type: 'enrolment.something-else.v1' })).toThrow(/unknown event type/);
    expect(() => parseEvent(event, 'notifications.other.v1')).toThrow(/on topic/);
  });

  it('keys an event by its aggregate id', () => {
    expect(keyOf(createEvent(RegistrationSubmittedV1, context, payload))).toBe(payload.registrationId);
  });

  it('names every topic <domain>.<event>.v<N> and gives each a dead-letter topic', () => {
    for (const contract of eventContracts) expect(contract.type).toMatch(/^[a-z-]+\.[a-z-]+\.v\d+$/);
    expect(allTopics()).toContain(dlqTopicOf(RegistrationSubmittedV1.type));
    expect(allTopics()).toHaveLength(eventContracts.length * 2);
  });

  it('exports a JSON Schema per event for plug-ins in other languages', () => {
    const schema = jsonSchemas()[RegistrationSubmittedV1.type] as { required: string[]; additionalProperties: boolean };
    expect(schema.required).toEqual(expect.arrayContaining(['registrationId', 'email']));
    expect(schema.additionalProperties).toBe(false);
  });
});
