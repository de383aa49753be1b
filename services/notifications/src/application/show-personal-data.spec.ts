import { randomUUID } from 'node:crypto';
import { notificationsPersonalDataSchema } from '@trygg/http-contracts';
import { InMemoryMessages, InMemoryRecipients } from '../../test/fakes';
import { newMessage } from './new-message';
import { ShowPersonalData } from './show-personal-data';

const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute));

function message(recipientId: string, municipalityId: string, n: number, created: Date) {
  return newMessage(
    {
      eventId: `event-${n}`, eventType: 'enrolment.group-activated.v1', correlationId: 'c', municipalityId, recipientId, channel: 'email',
      template: 'group-activated', category: 'information', language: 'sv', payload: { contactPersonName: 'Bo Grann' }, broadcastId: null, link: null, notBefore: created,
    },
    created,
  );
}

describe('ShowPersonalData (GDPR Art. 15: what notifications holds about a person)', () => {
  const anna = randomUUID();
  const other = randomUUID();

  async function world() {
    const recipients = new InMemoryRecipients();
    const messages = new InMemoryMessages();
    await recipients.upsertContact({ id: anna, municipalityId: 'ale', name: 'Anna Andersson', email: 'anna@example.se', mobile: '+46701234567', smsOptIn: true, language: 'sv' });
    await recipients.upsertContact({ id: other, municipalityId: 'ale', name: 'Other Person', email: 'other@example.se', language: 'sv' });
    await recipients.setPreferences(anna, 'ale', { channels: { email: true, sms: false }, categories: { urgent: true, information: false, reminders: true } }, at(5));
    return { recipients, messages, show: new ShowPersonalData(recipients, messages) };
  }

  it('answers the recipient, the preferences and every message sent to the person with its history, and no payload', async () => {
    const w = await world();
    await w.messages.createMany([message(anna, 'ale', 1, at(1)), message(anna, 'ale', 2, at(2)), message(other, 'ale', 3, at(3))]);
    const data = await w.show.execute('ale', anna);
    expect(notificationsPersonalDataSchema.parse(data)).toEqual(data);
    expect(data.recipient).toMatchObject({
      name: 'Anna Andersson', email: 'anna@example.se', emailWorking: true, mobile: '+46701234567', smsOptIn: true,
      preferences: { channels: { email: true, sms: false }, categories: { urgent: true, information: false, reminders: true }, updatedAt: at(5).toISOString() },
    });
    expect(data.messages.map((m) => [m.template, m.channel, m.status, m.createdAt])).toEqual([
      ['group-activated', 'email', 'queued', at(2).toISOString()],
      ['group-activated', 'email', 'queued', at(1).toISOString()],
    ]);
    expect(data.messages[0]!.history).toEqual([{ status: 'queued', at: at(2).toISOString(), detail: null }]);
    const text = JSON.stringify(data);
    expect(text).not.toContain('Other Person');
    expect(text).not.toContain('Bo Grann'); // the payload may name other people
  });

  it('answers a long log whole, messages sharing one millisecond included', async () => {
    const w = await world();
    const many = Array.from({ length: 1203 }, (_, i) => message(anna, 'ale', i, at(i % 2 === 0 ? 10 : 11)));
    await w.messages.createMany(many);
    const data = await w.show.execute('ale', anna);
    expect(new Set(data.messages.map((m) => m.id)).size).toBe(1203);
  });

  it('knows nobody of another municipality, and an unknown person has nothing', async () => {
    const w = await world();
    await w.messages.createMany([message(anna, 'ale', 1, at(1))]);
    expect(await w.show.execute('trollhattan', anna)).toEqual({ recipient: null, messages: [] });
    expect(await w.show.execute('ale', randomUUID())).toEqual({ recipient: null, messages: [] });
  });
});
