import type { EventEnvelope } from '@trygg/contracts';
import type { Logger } from 'pino';
import { type Clock, sha256Hex, systemClock } from '@trygg/values';
import { awaitingId, type AwaitingRecipient } from '../domain/awaiting';
import type { NotificationCatalogue } from '../domain/catalogue';
import type { Category, Channel, OutgoingMessage } from '../domain/message';
import { reachability, type Recipient } from '../domain/recipient';
import { deliverableAt } from '../domain/quiet-hours';
import { ruleMatches, valueAt, type Rule } from '../domain/rules';
import type { Language } from '../domain/template';
import { newMessage } from './new-message';
import type { AwaitingStore, MessageQueue, MessageStore, RecipientStore } from './ports';

/** A mailbox (police area, coordinator) is a recipient too, so jobs and logs carry ids only. */
export function mailboxRecipientId(municipalityId: string, kind: string, id: string): string {
  return `mailbox.${municipalityId}.${kind}.${id}`;
}

/** Someone named by the event only (a round's participant, a finding's owner), keyed by their address. */
export function contactRecipientId(municipalityId: string, email: string): string {
  return `contact.${municipalityId}.${sha256Hex(email.trim().toLowerCase()).slice(0, 32)}`;
}

const PAGE = 500;

type Target = { id: string; language: Language; recipient?: Recipient };

/**
 * The channels a rule sends on to one recipient: all of them, or (`channelChoice: first-reachable`) the first the
 * recipient can be reached on now — e.g. `[sms, email]`: SMS to a confirmed, opted-in mobile, else email — and the
 * last when none is (the worker then skips it with the reason).
 */
export function channelsFor(rule: Pick<Rule, 'channels' | 'channelChoice' | 'category'>, recipient: Recipient | undefined): Channel[] {
  const channels = rule.channels as Channel[];
  if (rule.channelChoice !== 'first-reachable') return channels;
  const reachable = recipient ? channels.find((c) => reachability(recipient, c, rule.category as Category).ok) : undefined;
  return [reachable ?? channels.at(-1)!];
}

/**
 * Any event → the municipality's matching rules → one message per (recipient, channel), queued. Safe to run
 * twice for the same event: message ids derive from the idempotency key, the store and the queue dedupe.
 *
 * A rule addressed to a person notifications has not stored yet does not drop the event: it parks an awaiting record
 * (`domain/awaiting.ts`), and `replay` runs that rule again once the person's contact details arrive.
 */
export class NotifyOnEvent {
  constructor(
    private readonly catalogue: NotificationCatalogue,
    private readonly recipients: RecipientStore,
    private readonly messages: MessageStore,
    private readonly queue: MessageQueue,
    private readonly awaiting: AwaitingStore,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  async execute(event: EventEnvelope): Promise<string[]> {
    // Notifications reads every event; most types have no rule in any municipality (a fact only, or nothing at all).
    if (!this.catalogue.hasRulesFor(event.type)) return [];
    if (!this.catalogue.has(event.municipalityId)) {
      this.logger.warn({ eventId: event.eventId, municipalityId: event.municipalityId }, 'event for an unknown municipality: nothing to send');
      return [];
    }
    const ids: string[] = [];
    for (const rule of this.catalogue.rulesFor(event.municipalityId, event.type)) ids.push(...(await this.runRule(event, rule, 'park')));
    return ids;
  }

  /**
   * Runs the rule an awaiting record waited for, with its stored event. `done: false` when the person is still not
   * stored (erased or not yet written by a concurrent writer): the record stays.
   */
  async replay(record: AwaitingRecipient): Promise<{ ids: string[]; done: boolean }> {
    const event: EventEnvelope = { ...record.event };
    const rule = this.catalogue.has(event.municipalityId) ? this.catalogue.rulesFor(event.municipalityId, event.type).find((r) => r.id === record.ruleId) : undefined;
    if (!rule) {
      // The municipality's rules changed (a restart with new data) while the event waited.
      this.logger.warn({ eventId: event.eventId, rule: record.ruleId }, 'awaiting event: its rule is gone or disabled, nothing to send');
      return { ids: [], done: true };
    }
    if (!(await this.recipients.get(record.municipalityId, record.recipientId))) return { ids: [], done: false };
    return { ids: await this.runRule(event, rule, 'replay', record.recipientId), done: true };
  }

  /** `only`: the one person an awaiting record waited for (a rule to a list of persons is replayed for them alone). */
  private async runRule(event: EventEnvelope, rule: Rule, mode: 'park' | 'replay', only?: string): Promise<string[]> {
    const payload = event.payload as Record<string, unknown>;
    if (!ruleMatches(rule, payload)) return [];
    const ids: string[] = [];
    for await (const recipients of this.targets(rule, event, mode, only)) {
      const batch: OutgoingMessage[] = [];
      for (const recipient of recipients) {
        for (const channel of channelsFor(rule, recipient.recipient)) batch.push(this.message(event, rule, recipient.id, recipient.language, channel, payload));
      }
      ids.push(...(await this.store(batch)));
    }
    return ids;
  }

  private async *targets(rule: Rule, event: EventEnvelope, mode: 'park' | 'replay', only?: string): AsyncGenerator<Target[]> {
    const to = rule.to;
    const municipalityId = event.municipalityId;
    const payload = event.payload as Record<string, unknown>;
    if ('person' in to || 'persons' in to) {
      const value = 'person' in to ? valueAt(payload, to.person) : valueAt(payload, to.persons);
      const ids = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
      for (const id of ids) {
        if (only !== undefined && id !== only) continue;
        const recipient = await this.recipients.get(municipalityId, id);
        if (recipient) yield [{ id, language: recipient.language, recipient }];
        else if (mode === 'replay') continue;
        else yield* this.park(rule, event, id);
      }
      return;
    }
    if ('groupMembers' in to) {
      const groupId = String(valueAt(payload, to.groupMembers));
      for await (const batch of this.recipients.stream({ municipalityId, groupIds: [groupId] }, PAGE)) {
        yield batch.map((r) => ({ id: r.id, language: r.language, recipient: r }));
      }
      return;
    }
    if ('contact' in to) {
      const contact = valueAt(payload, to.contact) as { email?: unknown; name?: unknown; language?: unknown } | undefined;
      if (!contact || typeof contact.email !== 'string') return;
      const language: Language = contact.language === 'en' ? 'en' : 'sv';
      const id = contactRecipientId(municipalityId, contact.email);
      await this.recipients.upsertContact({ id, municipalityId, name: typeof contact.name === 'string' ? contact.name : contact.email, email: contact.email, language });
      yield [{ id, language }];
      return;
    }
    // A mailbox: the address comes from the municipality's data, kept as a recipient so the worker needs ids only.
    const area = 'policeArea' in to ? valueAt(payload, to.policeArea) : undefined;
    const target: { mailbox: 'coordinator' } | { mailbox: 'police-area'; policeAreaId: string } =
      'mailbox' in to && to.mailbox === 'police-area' && typeof area === 'string' ? { mailbox: 'police-area', policeAreaId: area } : { mailbox: 'coordinator' };
    const { address, name, configured } = this.catalogue.mailbox(municipalityId, target);
    if ('onlyIfConfigured' in to && to.onlyIfConfigured && !configured) return;
    const id = mailboxRecipientId(municipalityId, target.mailbox, 'policeAreaId' in target ? target.policeAreaId : 'main');
    await this.recipients.upsertContact({ id, municipalityId, name, email: address, language: 'sv' });
    yield [{ id, language: 'sv' }];
  }

  /**
   * The person is not stored yet: the event waits for them. Then a second look, because the contact details may have
   * been written meanwhile by another consumer, which listed the person's awaiting records before this one was added:
   * whichever of the two sees the other runs the rule (both may: the message ids dedupe).
   */
  private async *park(rule: Rule, event: EventEnvelope, recipientId: string): AsyncGenerator<Target[]> {
    const { eventId, type, occurredAt, municipalityId, correlationId, causationId } = event;
    const record: AwaitingRecipient = {
      id: awaitingId(eventId, rule.id),
      recipientId,
      municipalityId,
      ruleId: rule.id,
      event: { eventId, type, occurredAt, municipalityId, correlationId, causationId, payload: event.payload as Record<string, unknown> },
      since: this.clock(),
    };
    await this.awaiting.add(record);
    const arrived = await this.recipients.get(municipalityId, recipientId);
    if (!arrived) {
      this.logger.info({ eventId, eventType: type, rule: rule.id, recipientId }, 'rule names a person notifications has not heard of yet: the event waits for their contact details');
      return;
    }
    yield [{ id: recipientId, language: arrived.language, recipient: arrived }];
    await this.awaiting.remove(municipalityId, [record.id]);
  }

  private message(event: EventEnvelope, rule: Rule, recipientId: string, language: Language, channel: Channel, payload: Record<string, unknown>): OutgoingMessage {
    const now = this.clock();
    const m = this.catalogue.municipality(event.municipalityId);
    return newMessage(
      {
        eventId: event.eventId,
        eventType: event.type,
        correlationId: event.correlationId,
        municipalityId: event.municipalityId,
        recipientId,
        channel,
        template: rule.template,
        category: rule.category,
        language,
        payload,
        broadcastId: null,
        link: rule.link ?? null,
        addressPath: 'address' in rule.to ? rule.to.address : null,
        // Quiet hours hold back non-urgent SMS; email waits in the inbox anyway.
        notBefore: channel === 'sms' ? deliverableAt(now, m.quietHours, m.timezone, rule.category === 'urgent') : now,
      },
      now,
    );
  }

  private async store(batch: OutgoingMessage[]): Promise<string[]> {
    if (batch.length === 0) return [];
    if (batch.length === 1) await this.messages.createIfAbsent(batch[0]!);
    else await this.messages.createMany(batch);
    // Enqueue even when the messages existed: a previous run may have died before enqueueing. The queue dedupes.
    for (const channel of ['email', 'sms'] as const) {
      const jobs = batch.filter((m) => m.channel === channel).map((m) => ({ messageId: m.id, notBefore: m.notBefore }));
      if (jobs.length) await this.queue.enqueue(channel, jobs);
    }
    return batch.map((m) => m.id);
  }
}
