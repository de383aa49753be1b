import { areaMessageCommand, validateAreaMessageForm } from './area-message-form';

const base = { title: 'Inbrott', text: 'Håll utkik.', email: 'yes', areaIds: 'centrum' };

describe('the area-message form: audience and delivery', () => {
  it('defaults to all members, directly (a form posted without the choices)', () => {
    const form = validateAreaMessageForm(base);
    expect(form.ok && areaMessageCommand(form.value)).toMatchObject({ audience: 'members', delivery: 'direct', filter: { areaIds: ['centrum'] } });
  });

  it('sends the choices made: contact persons only, or a relay through the contact persons', () => {
    const contacts = validateAreaMessageForm({ ...base, audience: 'contact-persons', delivery: 'direct' });
    expect(contacts.ok && areaMessageCommand(contacts.value)).toMatchObject({ audience: 'contact-persons', delivery: 'direct' });
    const relay = validateAreaMessageForm({ ...base, audience: 'members', delivery: 'relay' });
    expect(relay.ok && areaMessageCommand(relay.value)).toMatchObject({ audience: 'members', delivery: 'relay' });
  });

  it('refuses a relay to contact persons only, and an unknown choice, next to the field', () => {
    const contradiction = validateAreaMessageForm({ ...base, audience: 'contact-persons', delivery: 'relay' });
    expect(contradiction.ok).toBe(false);
    expect(!contradiction.ok && contradiction.errors).toEqual([{ field: 'delivery', key: 'errors.areaMessage.delivery.relayToContactPersons' }]);
    const unknown = validateAreaMessageForm({ ...base, audience: 'everyone', delivery: 'pigeon' });
    expect(!unknown.ok && unknown.errors.map((e) => e.field)).toEqual(['audience', 'delivery']);
  });
});
