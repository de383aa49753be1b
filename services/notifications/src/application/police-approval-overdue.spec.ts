import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEvent, PoliceApprovalOverdueV1 } from '@trygg/contracts';
import { loadMunicipalities } from '@trygg/municipalities';
import { createLogger } from '@trygg/observability';
import { InMemoryAwaiting, InMemoryMessages, InMemoryRecipients, RecordingQueue, wire } from '../../test/fakes';
import { loadNotificationCatalogue } from '../infrastructure/catalogue-loader';
import { NotifyOnEvent } from './notify-on-event';

// police.approval-overdue.v1 (police-liaison, once per case past its municipality's target): the coordinator's
// mailbox and, when mailboxes.yaml names one, the police area's — never the coordinator twice.

const overdue = (municipalityId: string, policeAreaId: string) =>
  createEvent(PoliceApprovalOverdueV1, { municipalityId, correlationId: 'c-1' }, {
    caseId: '5b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11',
    policeAreaId,
    instanceId: '0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11',
    stepId: 'police-approval',
    attempt: 1,
    waitingSince: '2026-05-27T10:00:00.000Z',
    targetDays: 14,
    daysWaiting: 14,
  });

describe('an overdue police approval', () => {
  it('mails the police area\'s mailbox and the coordinator, once each however often the event arrives, in Swedish', async () => {
    const app = wire();
    const event = overdue('lilla-edet', 'lpo-trollhattan');
    const ids = await app.notify.execute(event);
    expect(await app.notify.execute(event)).toEqual(ids);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await app.send.execute(id)).toBe('sent');
    expect(app.mailer.sent.map((m) => m.to).sort()).toEqual(['kommunpolis.lpo-trollhattan@polisen.example', 'samordnare@lillaedet.example']);
    for (const mail of app.mailer.sent) {
      expect(mail.subject).toBe('Ett ärende har väntat på polisens godkännande längre än målet – Lilla Edets kommun');
      expect(mail.text).toContain('har väntat på polisens godkännande i 14 dagar. Målet är ett beslut inom 14 dagar.');
      expect(mail.text).toContain('Ärende: 0b6f8f5e-3b8a-4d8e-9a53-8d1c0f1f2a11');
      expect(mail.unsubscribeUrl).toBeNull();
    }
  });

  describe('a municipality whose police area has no mailbox of its own', () => {
    const root = mkdtempSync(join(tmpdir(), 'ntf-overdue-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('mails only the coordinator (not the coordinator twice)', async () => {
      cpSync(resolve(__dirname, '../../../../municipalities'), root, { recursive: true });
      writeFileSync(join(root, 'ale', 'notifications', 'mailboxes.yaml'), 'coordinator: samordnare@ale.example\n');
      const catalogue = loadNotificationCatalogue({ municipalitiesDir: root, municipalities: loadMunicipalities(root) });
      const recipients = new InMemoryRecipients();
      const messages = new InMemoryMessages();
      const notify = new NotifyOnEvent(catalogue, recipients, messages, new RecordingQueue(), new InMemoryAwaiting(), createLogger('test', 'silent'));
      const ids = await notify.execute(overdue('ale', 'lpo-ale-kungalv'));
      expect(ids).toHaveLength(1);
      const message = messages.byId.get(ids[0]!)!;
      expect(message).toMatchObject({ template: 'police-approval-overdue', channel: 'email' });
      expect(recipients.byId.get(message.recipientId)?.email).toBe('samordnare@ale.example');
    });
  });

  it('has an English text too', () => {
    const { text } = wire().catalogue.template('ale', 'police-approval-overdue', 'en');
    expect(text.email?.subject).toBe('A case has waited for police approval longer than the target – {{municipality.name}}');
  });
});
