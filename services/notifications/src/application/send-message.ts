import type { Logger } from 'pino';
import { type Clock, normaliseMobile, redactContactDetails } from '@trygg/values';
import { BUILT_IN_TEMPLATES, type NotificationCatalogue } from '../domain/catalogue';
import type { OutgoingMessage } from '../domain/message';
import { isPerson, reachability, type Recipient } from '../domain/recipient';
import { isMeetingEvent, meetingCalendarOf, meetingWhen } from '../domain/meeting-calendar';
import { valueAt } from '../domain/rules';
import { countSegments, normaliseSmsText } from '../domain/sms-segments';
import { broadcastFooter, broadcastLinks, smsWithLinks } from '../domain/broadcast';
import { flattenVariables, placeholdersOf, renderEmail, renderSms, smsUnsubscribeLine, unsubscribeFooter } from '../domain/template';
import type { CheckSmsCaps } from './check-sms-caps';
import { newMessage } from './new-message';
import { announceReachability } from './reachability-events';
import {
  type BroadcastStore,
  type LinkIssuer,
  LinkUnavailable,
  type Mailer,
  type MessageQueue,
  type MessageStore,
  PermanentDeliveryError,
  type RecipientStore,
  type SmsProvider,
} from './ports';
import type { UnsubscribeLinks } from './unsubscribe-links';

export type SendOutcome = 'sent' | 'already-done' | 'uncertain' | 'failed' | 'bounced' | 'skipped';

export interface SendMessageDeps {
  catalogue: NotificationCatalogue;
  messages: MessageStore;
  recipients: RecipientStore;
  broadcasts: BroadcastStore;
  mailer: Mailer;
  sms: SmsProvider;
  links: LinkIssuer;
  unsubscribe: UnsubscribeLinks;
  queue: MessageQueue;
  logger: Logger;
  /** The daily SMS caps, checked just before the provider gets an SMS. */
  smsCaps: CheckSmsCaps;
  clock?: Clock;
}


/**
 * The workers' use case, for both channels. Loads the message and its recipient by id, checks preferences,
 * renders (asking enrolment for a link when the template needs one), claims queued → sending, sends, records.
 * Throws on a transient failure so the queue retries with backoff; permanent failures are recorded, not thrown.
 */
export class SendMessage {
  private readonly clock: Clock;
  /** Broadcasts never change once sent: a small cache spares 20,000 identical reads during a fan-out. */
  private readonly broadcastCache = new Map<string, { subject: string; body: string }>();

  constructor(private readonly d: SendMessageDeps) {
    this.clock = d.clock ?? (() => new Date());
  }

  async execute(messageId: string): Promise<SendOutcome> {
    const { messages } = this.d;
    const message = await messages.get(messageId);
    if (!message) {
      this.d.logger.warn({ messageId }, 'job for an unknown message: dropped');
      return 'already-done';
    }
    if (message.status === 'sending') {
      // A previous attempt died between sending and recording: it may have gone out. At most once: do not resend.
      await messages.transition(messageId, 'uncertain', this.clock(), 'an earlier attempt died while sending', {}, ['sending']);
      this.d.logger.warn({ messageId }, 'message left in sending by a dead attempt; marked uncertain, not resent');
      return 'uncertain';
    }
    if (message.status !== 'queued') return 'already-done';

    const recipient = await this.d.recipients.get(message.municipalityId, message.recipientId);
    if (!recipient) return this.skip(message, 'recipient erased or unknown');
    const mobileCode = message.template === BUILT_IN_TEMPLATES.mobileCode;
    // A message to an address of the event (a new address to be confirmed) goes there, whatever the stored one is.
    const address = message.addressPath ? valueAt(message.payload ?? {}, message.addressPath) : undefined;
    if (message.addressPath && (typeof address !== 'string' || message.channel !== 'email')) return this.skip(message, 'no-address');
    if (mobileCode) {
      // The code goes to the number it was asked for, which is unconfirmed by nature; a number changed since gets nothing.
      if (!recipient.mobile || recipient.mobile !== message.payload?.['number']) return this.skip(message, 'mobile-changed');
    } else if (!message.addressPath) {
      const reach = reachability(recipient, message.channel, message.category);
      const bounceSms = message.template === BUILT_IN_TEMPLATES.emailBounced;
      if (!reach.ok && !(bounceSms && reach.reason === 'no-sms-opt-in')) return this.skip(message, reach.reason);
    }
    // The code itself is kept no longer than it takes to send it: gone from the payload once sent, failed or skipped.
    const forget = mobileCode ? { payload: null } : {};

    let rendered: {
      email?: ReturnType<typeof renderEmail>;
      sms?: string;
      unsubscribeUrl: string | null;
      oneClickUrl: string | null;
      unsubscribe?: { tokenHash: string; expiresAt: Date };
      ack?: { tokenHash: string; expiresAt: Date };
    };
    try {
      rendered = await this.render(message, recipient);
    } catch (error) {
      if (error instanceof LinkUnavailable) return this.fail(message, `link unavailable: ${error.message}`);
      throw error; // enrolment unreachable: retried with backoff, nothing claimed yet
    }

    if (message.channel === 'sms') {
      // The daily caps (per number, per municipality), counted before the provider gets the SMS; over a cap → skipped.
      const to = normaliseMobile(recipient.mobile!);
      const refused = to ? await this.d.smsCaps.execute(message, to, this.clock()) : null;
      if (refused) return this.skip(message, refused);
    }
    if (!(await messages.claimForSending(messageId, this.clock(), rendered.unsubscribe, rendered.ack))) return 'already-done';
    let sent: { detail: string | null; extra: Parameters<MessageStore['recordSent']>[3] };
    try {
      if (message.channel === 'email') {
        const email = rendered.email!;
        const { providerMessageId } = await this.d.mailer.send({ to: typeof address === 'string' ? address : recipient.email!, ...email, messageId, unsubscribeUrl: rendered.oneClickUrl });
        sent = { detail: null, extra: { providerMessageId, lastError: null, ...forget } };
      } else {
        const to = normaliseMobile(recipient.mobile!);
        if (!to) throw new PermanentDeliveryError(`not a valid mobile number`);
        const text = rendered.sms!;
        const count = countSegments(text);
        const { providerMessageId } = await this.d.sms.send({ to, message: text, messageId });
        sent = { detail: `${count.segments} segment(s), ${count.encoding}`, extra: { providerMessageId, segments: count.segments, encoding: count.encoding, lastError: null, ...forget } };
      }
    } catch (error) {
      // A provider's reply may quote the address or number ("550 <anna@…>: no such user"): stored without them.
      const reason = redactContactDetails((error as Error).message);
      if (error instanceof PermanentDeliveryError) {
        if (error.bounce && message.channel === 'email') {
          await messages.transition(messageId, 'bounced', this.clock(), reason, { lastError: reason });
          // A bounce of an address not (yet) the person's says nothing about the one they have.
          if (!message.addressPath) await this.afterHardBounce(message, recipient);
          return 'bounced';
        }
        await messages.transition(messageId, 'failed', this.clock(), reason, { lastError: reason, ...forget });
        return 'failed';
      }
      await messages.transition(messageId, 'queued', this.clock(), `retry: ${reason}`, { lastError: reason }, ['sending']);
      throw error;
    }
    // The provider has it. From here the message never goes back to `queued` (that would send it again): should the
    // record fail, the job's next attempt finds it in `sending` and marks it `uncertain`, without resending.
    await messages.recordSent(messageId, this.clock(), sent.detail, sent.extra);
    return 'sent';
  }

  private async render(message: OutgoingMessage, recipient: Recipient) {
    const municipality = this.d.catalogue.municipality(message.municipalityId);
    const { text, language } = this.d.catalogue.template(message.municipalityId, message.template, message.language);
    const vars: Record<string, unknown> = {
      recipient: { name: recipient.name, language: recipient.language },
      municipality: { id: municipality.id, name: municipality.name, contactEmail: municipality.contactEmail },
    };
    if (message.payload) vars['payload'] = message.payload;
    if (message.payload && isMeetingEvent(message.eventType)) vars['meeting'] = { when: meetingWhen(String(message.payload['startsAt']), String(message.payload['endsAt']), language) };
    if (message.broadcastId) vars['broadcast'] = await this.broadcast(message.municipalityId, message.broadcastId);
    if (message.link === 'confirmation') {
      vars['link'] = await this.d.links.issue({ kind: 'confirmation', registrationId: String(message.payload?.['registrationId']) });
    } else if (message.link === 'self-service') {
      vars['link'] = await this.d.links.issue({ kind: 'self-service', personId: recipient.id });
    } else if (message.link === 'activity-check') {
      vars['link'] = await this.d.links.issue({ kind: 'activity-check', checkId: String(message.payload?.['checkId']) });
    } else if (message.link === 'walker-confirmation') {
      vars['link'] = await this.d.links.issue({ kind: 'walker-confirmation', volunteerId: String(message.payload?.['volunteerId']) });
    } else if (message.link === 'walker-walks') {
      // 409 walker_not_active until volunteers has applied the same outcome: retried with backoff, like any outage.
      // A walk event's walker (`volunteerId`: reminder, invitation), else the onboarding outcome's subject.
      const subject = message.payload?.['subject'] as { id?: unknown } | undefined;
      vars['link'] = await this.d.links.issue({ kind: 'walker-walks', volunteerId: String(message.payload?.['volunteerId'] ?? subject?.id) });
    } else if (message.link === 'start-meeting-rsvp') {
      vars['link'] = await this.d.links.issue({ kind: 'start-meeting-rsvp', meetingId: String(message.payload?.['meetingId']), personId: recipient.id });
    } else if (message.link === 'round-participant') {
      const p = message.payload ?? {};
      vars['link'] = await this.d.links.issue({ kind: 'round-participant', municipalityId: message.municipalityId, roundId: String(p['roundId']), participantId: String(p['participantId']) });
    } else if (message.link === 'finding-owner') {
      // Only for the assignment the event told of: a finding given to someone else since, or closed, gets no email.
      const p = message.payload ?? {};
      vars['link'] = await this.d.links.issue({ kind: 'finding-owner', municipalityId: message.municipalityId, findingId: String(p['findingId']), assignedAt: String(p['assignedAt']) });
    } else if (message.link === 'email-change') {
      vars['link'] = await this.d.links.issue({ kind: 'email-change', personId: recipient.id, changeId: String(message.payload?.['changeId']) });
    }
    let unsubscribeUrl: string | null = null;
    let oneClickUrl: string | null = null;
    let unsubscribe: { tokenHash: string; expiresAt: Date } | undefined;
    // Every non-transactional message carries the link: the footer (email) or last line (SMS) leads to the web page
    // "Dina utskick"; List-Unsubscribe carries notifications' own URL for the RFC 8058 one-click POST. Same token.
    if (message.category !== 'transactional') {
      const minted = this.d.unsubscribe.mint(message.municipalityId, language);
      unsubscribeUrl = minted.url;
      oneClickUrl = minted.oneClickUrl;
      unsubscribe = { tokenHash: minted.tokenHash, expiresAt: minted.expiresAt };
      vars['unsubscribe'] = { url: unsubscribeUrl };
    }
    // An area message carries a one-click "Jag har läst" link; a contact person's in a relay, the group's relay page.
    let ack: { tokenHash: string; expiresAt: Date } | undefined;
    let extras: ReturnType<typeof broadcastLinks> | null = null;
    if (message.broadcastId) {
      const minted = this.d.unsubscribe.mintAcknowledgement(message.municipalityId, language);
      ack = { tokenHash: minted.tokenHash, expiresAt: minted.expiresAt };
      const relayGroupId = typeof message.payload?.['relayGroupId'] === 'string' ? message.payload['relayGroupId'] : null;
      const selfService = vars['link'] as { url: string } | undefined;
      const relayUrl = relayGroupId && selfService ? `${selfService.url}/grupp/${encodeURIComponent(relayGroupId)}/utskick/${encodeURIComponent(message.broadcastId)}${language === 'sv' ? '' : '?lang=en'}` : null;
      extras = broadcastLinks(language, { ackUrl: minted.url, relayUrl });
    }
    const flat = flattenVariables(vars);
    if (message.channel === 'email') {
      const unsubscribeLines = unsubscribeUrl ? unsubscribeFooter(language, unsubscribeUrl) : undefined;
      const footer = extras ? broadcastFooter(extras, unsubscribeLines) : unsubscribeLines;
      const email = renderEmail(text, language, flat, footer);
      // A start meeting's invitation, update or cancellation carries the calendar file.
      const calendar = meetingCalendarOf(message, language, municipality.name);
      return { email: calendar ? { ...email, attachments: [calendar] } : email, unsubscribeUrl, oneClickUrl, unsubscribe, ack };
    }
    const tail = unsubscribeUrl && !placeholdersOf(text.sms?.text ?? '').includes('unsubscribe.url') ? `\n${smsUnsubscribeLine(language, unsubscribeUrl)}` : '';
    const sms = extras ? smsWithLinks(renderSms(text, flat), extras.sms, tail) : renderSms(text, flat) + tail;
    return { sms: normaliseSmsText(sms), unsubscribeUrl, oneClickUrl, unsubscribe, ack };
  }

  private async broadcast(municipalityId: string, id: string): Promise<{ subject: string; body: string }> {
    const cached = this.broadcastCache.get(id);
    if (cached) return cached;
    const broadcast = await this.d.broadcasts.get(municipalityId, id);
    if (!broadcast) throw new LinkUnavailable(`broadcast ${id} not found`);
    if (this.broadcastCache.size >= 100) this.broadcastCache.delete(this.broadcastCache.keys().next().value!);
    const texts = { subject: broadcast.subject, body: broadcast.body };
    this.broadcastCache.set(id, texts);
    return texts;
  }

  private async skip(message: OutgoingMessage, reason: string): Promise<SendOutcome> {
    reason = redactContactDetails(reason);
    const forget = message.template === BUILT_IN_TEMPLATES.mobileCode ? { payload: null } : {};
    await this.d.messages.transition(message.id, 'skipped', this.clock(), reason, { lastError: reason, ...forget }, ['queued']);
    return 'skipped';
  }

  private async fail(message: OutgoingMessage, reason: string): Promise<SendOutcome> {
    reason = redactContactDetails(reason);
    await this.d.messages.transition(message.id, 'failed', this.clock(), reason, { lastError: reason }, ['queued']);
    return 'failed';
  }

  /**
   * Stale contacts: the address is marked not working (and enrolment told, once per address, so the contact person
   * and the coordinator see it), and a person with a mobile gets one SMS to update it.
   */
  private async afterHardBounce(message: OutgoingMessage, recipient: Recipient): Promise<void> {
    const now = this.clock();
    await this.d.recipients.markEmailBounced(message.municipalityId, recipient.id, now, announceReachability({ correlationId: message.correlationId, causationId: message.id }));
    if (!recipient.mobile || !isPerson(recipient)) return;
    if (!(await this.d.recipients.claimBounceSms(message.municipalityId, recipient.id, now))) return;
    const sms = newMessage(
      {
        eventId: `bounce-${message.id}`,
        eventType: 'notifications.email-bounced',
        correlationId: message.correlationId,
        municipalityId: message.municipalityId,
        recipientId: recipient.id,
        channel: 'sms',
        template: BUILT_IN_TEMPLATES.emailBounced,
        category: 'transactional',
        language: recipient.language,
        payload: null,
        broadcastId: null,
        link: 'self-service',
        notBefore: now,
      },
      now,
    );
    await this.d.messages.createIfAbsent(sms);
    await this.d.queue.enqueue('sms', [{ messageId: sms.id, notBefore: sms.notBefore }]);
  }
}

