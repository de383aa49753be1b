import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '@trygg/values';
import { BUILT_IN_TEMPLATES } from '../domain/catalogue';
import { type ChallengeRefusal, MOBILE_CODE, quotaDay, startChallenge } from '../domain/mobile-confirmation';
import { newMessage } from './new-message';
import type { MessageQueue, MessageStore, MobileCodeQuota, RecipientStore, StaffViewAudit } from './ports';

export type RequestMobileCodeResult = { sent: true; expiresAt: Date } | { sent: false; reason: ChallengeRefusal | 'too-many-codes' };

/** A fresh code: 6 random digits (crypto) and the salt its hash is stored with. */
export function newCode(): { code: string; salt: string } {
  return { code: String(randomInt(0, 10 ** MOBILE_CODE.digits)).padStart(MOBILE_CODE.digits, '0'), salt: randomBytes(16).toString('hex') };
}

/**
 * "Bekräfta ditt mobilnummer": sends a code to the person's current mobile number. Asked by the web for a person
 * who opened their expiring email link (so controls the inbox). The challenge (the code's salted hash) is written on
 * the recipient first, then the code SMS is queued like any message — through the same queue, workers and limits;
 * the code lives in that message's payload until it is sent and is then erased from it. At most 3 codes per number
 * per day, whoever asks. null: unknown person in that municipality.
 */
export class RequestMobileCode {
  constructor(
    private readonly recipients: RecipientStore,
    private readonly quota: MobileCodeQuota,
    private readonly messages: MessageStore,
    private readonly queue: MessageQueue,
    private readonly audit: StaffViewAudit,
    private readonly clock: Clock = systemClock,
    private readonly generate: () => { code: string; salt: string } = newCode,
  ) {}

  async execute(municipalityId: string, personId: string, correlationId: string): Promise<RequestMobileCodeResult | null> {
    const now = this.clock();
    const recipient = await this.recipients.get(municipalityId, personId);
    if (!recipient) return null;
    const precheck = startChallenge(recipient, { code: '', salt: '' }, now);
    if (!precheck.ok) return { sent: false, reason: precheck.reason };
    if (!(await this.quota.take(precheck.challenge.number, quotaDay(now), MOBILE_CODE.maxCodesPerNumberPerDay))) {
      await this.record(municipalityId, personId, correlationId, 'mobile-code-refused', { reason: 'too-many-codes' });
      return { sent: false, reason: 'too-many-codes' };
    }
    const code = this.generate();
    const started = await this.recipients.decideMobile<ReturnType<typeof startChallenge>>(municipalityId, personId, (current) => {
      const decision = startChallenge(current, code, now);
      return decision.ok ? { set: { mobileChallenge: decision.challenge }, result: decision } : { set: null, result: decision };
    });
    if (!started) return null;
    if (!started.ok) return { sent: false, reason: started.reason };
    const message = newMessage(
      {
        eventId: `mobile-code-${randomUUID()}`,
        eventType: 'notifications.mobile-code-requested',
        correlationId,
        municipalityId,
        recipientId: personId,
        channel: 'sms',
        template: BUILT_IN_TEMPLATES.mobileCode,
        category: 'transactional',
        language: recipient.language,
        payload: { code: code.code, number: started.challenge.number },
        broadcastId: null,
        link: null,
        notBefore: now,
      },
      now,
    );
    await this.messages.createIfAbsent(message);
    await this.queue.enqueue('sms', [{ messageId: message.id, notBefore: message.notBefore }]);
    await this.record(municipalityId, personId, correlationId, 'mobile-code-sent', { messageId: message.id });
    return { sent: true, expiresAt: started.challenge.expiresAt };
  }

  private record(municipalityId: string, personId: string, correlationId: string, action: string, details: Record<string, string>): Promise<unknown> {
    return this.audit.record({ actor: personActor(municipalityId, personId), action, subject: { kind: 'recipient', id: personId }, municipalityId, correlationId, details });
  }
}

/** The person acting through their own email link (libs/audit: `person:<id>`). */
export function personActor(municipalityId: string, personId: string) {
  return { subject: `person:${personId}`, name: 'person by link', role: 'person', scope: municipalityId };
}
