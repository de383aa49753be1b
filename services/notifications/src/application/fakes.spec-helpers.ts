import type { OutgoingMessage } from '../domain/message';
import type { EmailQueue, Mailer, MessageStore, Recipient, RecipientStore } from './ports';

// Fakes through the same interfaces as production (no `if (test)` in the services).

export class InMemoryRecipients implements RecipientStore {
  readonly byId = new Map<string, Recipient>();
  async upsert(recipient: Recipient) {
    this.byId.set(recipient.id, recipient);
  }
  async get(id: string) {
    return this.byId.get(id) ?? null;
  }
}

export class InMemoryMessages implements MessageStore {
  readonly byId = new Map<string, OutgoingMessage>();
  async createIfAbsent(message: OutgoingMessage) {
    if (this.byId.has(message.id)) return false;
    this.byId.set(message.id, { ...message });
    return true;
  }
  async get(id: string) {
    const m = this.byId.get(id);
    return m ? { ...m } : null;
  }
  private update(id: string, when: (m: OutgoingMessage) => boolean, change: Partial<OutgoingMessage>) {
    const m = this.byId.get(id);
    if (!m || !when(m)) return false;
    Object.assign(m, change);
    return true;
  }
  async claimForSending(id: string, now: Date) {
    const m = this.byId.get(id);
    return this.update(id, (x) => x.status === 'queued', { status: 'sending', attempts: (m?.attempts ?? 0) + 1, updatedAt: now });
  }
  async markSent(id: string, providerMessageId: string, now: Date) {
    this.update(id, () => true, { status: 'sent', providerMessageId, updatedAt: now });
  }
  async release(id: string, error: string, now: Date) {
    this.update(id, (x) => x.status === 'sending', { status: 'queued', lastError: error, updatedAt: now });
  }
  async markFailed(id: string, error: string, now: Date) {
    this.update(id, () => true, { status: 'failed', lastError: error, updatedAt: now });
  }
  async markUncertain(id: string, now: Date) {
    this.update(id, (x) => x.status === 'sending', { status: 'uncertain', updatedAt: now });
  }
}

export class RecordingQueue implements EmailQueue {
  readonly ids = new Set<string>();
  async enqueue(messageId: string) {
    this.ids.add(messageId);
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: Array<{ to: string; subject: string; text: string; html: string; messageId: string }> = [];
  failWith: Error | undefined;
  async send(mail: { to: string; subject: string; text: string; html: string; messageId: string }) {
    if (this.failWith) throw this.failWith;
    this.sent.push(mail);
    return { providerMessageId: `<${mail.messageId}@test>` };
  }
}
