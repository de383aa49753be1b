import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@trygg/audit';
import { createEvent, PoliceAreaMessageRequestedV1 } from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import { waitFor } from '@trygg/testing';
import { wire } from '../../test/fakes';
import { SendBroadcast } from './send-broadcast';
import { SendRequestedAreaMessage } from './send-requested-area-message';

const groupId = randomUUID();

function requested(over: { municipalityId?: string; groupIds?: string[]; messageId?: string } = {}) {
  return createEvent(
    PoliceAreaMessageRequestedV1,
    { municipalityId: over.municipalityId ?? 'lilla-edet', correlationId: 'c-1', causationId: null },
    {
      messageId: over.messageId ?? randomUUID(),
      policeAreaId: 'lpo-trollhattan',
      sender: { officerId: 'police-idp#olle', name: 'Olle Polis' },
      filter: { groupIds: over.groupIds ?? [groupId] },
      subject: 'Inbrott i området',
      body: 'Flera inbrott den här veckan. Håll utkik.',
      category: 'urgent',
      channels: ['email'],
      requestedAt: '2026-06-10T10:00:00.000Z',
    },
  );
}

async function setUp(members: number) {
  const app = wire(new Date('2026-06-10T10:00:00Z'));
  const audit: AuditEntry[] = [];
  const log = { record: async (e: AuditEntry) => void audit.push(e) };
  const logger = createLogger('test', 'silent');
  const send = new SendBroadcast(app.catalogue, app.recipients, app.messages, app.broadcasts, app.queue, log, logger, 50, app.clock);
  const handler = new SendRequestedAreaMessage(app.catalogue, app.broadcasts, send, log, logger, app.clock);
  for (let i = 0; i < members; i++) {
    const id = randomUUID();
    await app.recipients.upsertContact({ id, municipalityId: 'lilla-edet', name: `M${i}`, email: `${id}@example.se` });
    await app.recipients.joinGroup(id, 'lilla-edet', groupId, 'centrum');
  }
  return { app, handler, audit };
}

describe('SendRequestedAreaMessage', () => {
  it('sends an officer\'s request as the broadcast with the message id, once: a redelivery creates no second broadcast or message', async () => {
    const { app, handler, audit } = await setUp(3);
    const event = requested();
    expect(await handler.execute(event)).toBe('accepted');
    await waitFor('the fan-out done', async () => ((await app.broadcasts.get('lilla-edet', event.payload.messageId))?.status === 'fanned-out' ? true : undefined), { timeoutMs: 5000 });
    expect(await handler.execute(event)).toBe('exists');
    expect(await handler.execute({ ...event, eventId: randomUUID() })).toBe('exists'); // republished by the outbox relay
    expect(app.broadcasts.byId.size).toBe(1);
    expect(app.broadcasts.byId.get(event.payload.messageId)).toMatchObject({ recipients: 3, messages: 3, category: 'urgent', createdBy: 'police-idp#olle' });
    expect(app.messages.byId.size).toBe(3);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'broadcast-sent', actor: { subject: 'police-idp#olle', name: 'Olle Polis', role: 'police-officer', scope: 'lpo-trollhattan' }, subject: { kind: 'broadcast', id: event.payload.messageId } }),
    ]);
  });

  it('records a request whose targets reach nobody as a broadcast of zero recipients, without throwing, once', async () => {
    const { app, handler, audit } = await setUp(2);
    const event = requested({ groupIds: [randomUUID()] });
    expect(await handler.execute(event)).toBe('no-recipients');
    expect(await handler.execute(event)).toBe('exists');
    expect(app.broadcasts.byId.get(event.payload.messageId)).toMatchObject({ recipients: 0, messages: 0, status: 'fanned-out' });
    expect(app.messages.byId.size).toBe(0);
    expect(audit.map((e) => e.action)).toEqual(['broadcast-no-recipients']);
  });

  it('ignores other events and requests for a municipality it does not know', async () => {
    const { app, handler } = await setUp(1);
    expect(await handler.execute({ ...requested(), type: 'police.observation-received.v1' } as never)).toBe('ignored');
    expect(await handler.execute(requested({ municipalityId: 'nowhere' }))).toBe('unknown-municipality');
    expect(app.broadcasts.byId.size).toBe(0);
  });
});
