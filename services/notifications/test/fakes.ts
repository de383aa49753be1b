import { resolve } from 'node:path';
import { loadMunicipalities } from '@trygg/municipalities';
import type { EventEnvelope } from '@trygg/contracts';
import { createLogger } from '@trygg/observability';
import type { Channel, MessageStatus, OutgoingMessage } from '../src/domain/message';
import { type MobileFacts, mobileChangeResets } from '../src/domain/mobile-confirmation';
import { changeAddress, defaultPreferences, markBounced, type Preferences, type Recipient } from '../src/domain/recipient';
import { activeContactPersonOf, applyContactPersonFact, type ContactPersonFact } from '../src/domain/contact-persons';
import { loadNotificationCatalogue } from '../src/infrastructure/catalogue-loader';
import type { AwaitingRecipient } from '../src/domain/awaiting';
import { AwaitingRecipients } from '../src/application/awaiting-recipients';
import { PurgeAwaiting } from '../src/application/purge-awaiting';
import { NotifyOnEvent } from '../src/application/notify-on-event';
import {
  type Acknowledgement,
  type AcknowledgementStore,
  type AnnounceReachability,
  type AwaitingStore,
  type Broadcast,
  type BroadcastStore,
  type LinkIssuer,
  type LinkRequest,
  type Mailer,
  type MessageQueue,
  type MessageSearch,
  type MessageStore,
  type OutgoingEmail,
  type OutgoingSms,
  type RecipientFilter,
  type RecipientStore,
  type SmsCounter,
  type SmsCounters,
  type SmsProvider,
  type UnsubscribeGrants,
} from '../src/application/ports';
import { CheckSmsCaps } from '../src/application/check-sms-caps';
import { RecordRecipientFacts } from '../src/application/record-recipient-facts';
import { SendMessage } from '../src/application/send-message';
import { Unsubscribe } from '../src/application/unsubscribe';
import { UnsubscribeLinks } from '../src/application/unsubscribe-links';

// Fakes through the same interfaces as production (no `if (test)` in the services).

export class InMemoryRecipients implements RecipientStore {
  readonly byId = new Map<string, Recipient>();
  /** The events written with the changes (the outbox of the Mongo store), in order. */
  readonly outbox: EventEnvelope[] = [];
  async upsertContact(c: Parameters<RecipientStore['upsertContact']>[0], announce?: AnnounceReachability) {
    const existing = this.byId.get(c.id);
    const base: Recipient = existing ?? { id: c.id, municipalityId: c.municipalityId, name: '', email: null, emailBouncedAt: null, mobile: null, mobileConfirmed: null, mobileChallenge: null, smsOptIn: false, emailUpdates: true, language: 'sv', groupIds: [], areaIds: [], preferences: defaultPreferences(), bounceSmsSentAt: null };
    const next = { ...base };
    for (const [k, v] of Object.entries(c)) if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
    if (existing) {
      const change = changeAddress(existing, c.email, new Date());
      if (change.clearMarks) Object.assign(next, { emailBouncedAt: null, bounceSmsSentAt: null });
      if (change.announce && announce) this.outbox.push(announce(next, change.announce));
      if (mobileChangeResets(existing, c.mobile)) Object.assign(next, { mobileConfirmed: null, mobileChallenge: null });
    }
    this.byId.set(c.id, next);
  }
  async get(municipalityId: string, id: string) {
    const r = this.byId.get(id);
    return r && r.municipalityId === municipalityId ? structuredClone(r) : null;
  }
  async joinGroup(id: string, municipalityId: string, groupId: string, areaId: string) {
    if (!this.byId.has(id)) await this.upsertContact({ id, municipalityId });
    const r = this.byId.get(id)!;
    if (!r.groupIds.includes(groupId)) r.groupIds.push(groupId);
    if (!r.areaIds.includes(areaId)) r.areaIds.push(areaId);
  }
  async recordContactPersonFact(id: string, municipalityId: string, fact: ContactPersonFact) {
    if (!this.byId.has(id)) await this.upsertContact({ id, municipalityId });
    const r = this.byId.get(id)!;
    const roles = applyContactPersonFact(r.contactPersonRoles ?? [], fact);
    if (roles) Object.assign(r, { contactPersonRoles: roles, ...activeContactPersonOf(roles) });
  }
  async leaveGroup(municipalityId: string, id: string, groupId: string) {
    const r = this.byId.get(id);
    if (r?.municipalityId === municipalityId) r.groupIds = r.groupIds.filter((g) => g !== groupId);
  }
  async setPreferences(id: string, municipalityId: string, preferences: Preferences, at: Date) {
    const r = this.byId.get(id);
    if (!r || r.municipalityId !== municipalityId) return false;
    r.preferences = structuredClone(preferences);
    r.preferencesUpdatedAt = at;
    return true;
  }
  async updatePreferences(id: string, municipalityId: string, change: (current: Preferences) => Preferences, at: Date) {
    const r = this.byId.get(id);
    return r ? this.setPreferences(id, municipalityId, change(structuredClone(r.preferences)), at) : false;
  }
  async markEmailBounced(municipalityId: string, id: string, at: Date, announce: AnnounceReachability) {
    const r = this.byId.get(id);
    if (!r || r.municipalityId !== municipalityId) return false;
    const decision = markBounced(r, at);
    if (!decision.mark) return false;
    if (decision.announce) this.outbox.push(announce(r, decision.announce));
    r.emailBouncedAt = at;
    return true;
  }
  async decideMobile<T>(municipalityId: string, id: string, decide: (recipient: Recipient) => { set: Partial<MobileFacts> | null; result: T }) {
    const r = this.byId.get(id);
    if (!r || r.municipalityId !== municipalityId) return null;
    const decision = decide(structuredClone(r));
    if (decision.set) Object.assign(r, structuredClone(decision.set));
    return decision.result;
  }
  /** Test shortcut for "the person typed back the code": the current mobile number confirmed. */
  confirmMobile(id: string, at = new Date()) {
    const r = this.byId.get(id);
    if (!r?.mobile) throw new Error(`no mobile number to confirm for ${id}`);
    r.mobileConfirmed = { number: r.mobile, at };
  }
  async claimBounceSms(municipalityId: string, id: string, at: Date) {
    const r = this.byId.get(id);
    if (!r || r.municipalityId !== municipalityId || r.bounceSmsSentAt) return false;
    r.bounceSmsSentAt = at;
    return true;
  }
  async erase(municipalityId: string, id: string) {
    if (this.byId.get(id)?.municipalityId === municipalityId) this.byId.delete(id);
  }
  async unreachable(municipalityId: string, limit: number) {
    return [...this.byId.values()].filter((r) => r.municipalityId === municipalityId && r.emailBouncedAt !== null).slice(0, limit);
  }
  /** Yields in batches like the database cursor. */
  async *stream(filter: RecipientFilter, batchSize: number) {
    const all = [...this.byId.values()]
      .filter((r) => r.municipalityId === filter.municipalityId)
      .filter((r) => {
        if (!filter.groupIds && !filter.areaIds) return true;
        const audience = filter.audience ?? 'members';
        const asMember = r.groupIds.some((g) => filter.groupIds?.includes(g)) || r.areaIds.some((a) => filter.areaIds?.includes(a));
        const asContact = (r.contactPersonGroupIds ?? []).some((g) => filter.groupIds?.includes(g)) || (r.contactPersonAreaIds ?? []).some((a) => filter.areaIds?.includes(a));
        return (audience !== 'contact-persons' && asMember) || (audience !== 'members' && asContact);
      })
      .map((r) => structuredClone(r));
    for (let i = 0; i < all.length; i += batchSize) yield all.slice(i, i + batchSize);
  }
  async count(filter: RecipientFilter) {
    let n = 0;
    for await (const page of this.stream(filter, 1000)) n += page.length;
    return n;
  }
}

export class InMemoryMessages implements MessageStore, UnsubscribeGrants {
  readonly byId = new Map<string, OutgoingMessage>();
  async createIfAbsent(message: OutgoingMessage) {
    if (this.byId.has(message.id)) return false;
    this.byId.set(message.id, structuredClone(message));
    return true;
  }
  async createMany(messages: OutgoingMessage[]) {
    let n = 0;
    for (const m of messages) if (await this.createIfAbsent(m)) n++;
    return n;
  }
  async get(id: string) {
    const m = this.byId.get(id);
    return m ? structuredClone(m) : null;
  }
  async findByProviderId(channel: Channel, providerMessageId: string) {
    return [...this.byId.values()].find((m) => m.channel === channel && m.providerMessageId === providerMessageId) ?? null;
  }
  async claimForSending(id: string, now: Date, unsubscribe?: { tokenHash: string; expiresAt: Date }, ack?: { tokenHash: string; expiresAt: Date }) {
    const m = this.byId.get(id);
    if (!m || m.status !== 'queued') return false;
    Object.assign(m, { status: 'sending', attempts: m.attempts + 1, updatedAt: now, ...(unsubscribe ? { unsubscribe } : {}), ...(ack ? { ack } : {}) });
    m.history.push({ status: 'sending', at: now, detail: null });
    return true;
  }
  async recordSent(id: string, now: Date, detail: string | null, extra: Partial<OutgoingMessage> = {}) {
    await this.transition(id, 'sent', now, detail, extra);
  }
  async transition(id: string, to: MessageStatus, now: Date, detail: string | null, extra: Partial<OutgoingMessage> = {}, onlyFrom?: MessageStatus[]) {
    const m = this.byId.get(id);
    if (!m || (onlyFrom && !onlyFrom.includes(m.status))) return false;
    Object.assign(m, { status: to, updatedAt: now, ...extra });
    m.history.push({ status: to, at: now, detail });
    return true;
  }
  async search(q: MessageSearch) {
    return [...this.byId.values()]
      .filter((m) => m.municipalityId === q.municipalityId && (!q.status || m.status === q.status) && (!q.recipientId || m.recipientId === q.recipientId) && (!q.before || m.createdAt < q.before))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, q.limit);
  }
  async ofRecipient(municipalityId: string, recipientId: string) {
    return [...this.byId.values()]
      .filter((m) => m.municipalityId === municipalityId && m.recipientId === recipientId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((m) => ({ ...structuredClone(m), payload: null }));
  }
  async broadcastTotals(municipalityId: string, broadcastId: string) {
    const counts = new Map<string, { channel: Channel; status: MessageStatus; count: number }>();
    for (const m of this.byId.values()) {
      if (m.municipalityId !== municipalityId || m.broadcastId !== broadcastId) continue;
      const k = `${m.channel}|${m.status}`;
      counts.set(k, { channel: m.channel, status: m.status, count: (counts.get(k)?.count ?? 0) + 1 });
    }
    return [...counts.values()];
  }
  async broadcastStatuses(municipalityId: string, broadcastId: string, recipientIds: string[]) {
    return [...this.byId.values()].filter((m) => m.municipalityId === municipalityId && m.broadcastId === broadcastId && recipientIds.includes(m.recipientId)).map((m) => ({ recipientId: m.recipientId, status: m.status }));
  }
  async findByAckToken(tokenHash: string) {
    const m = [...this.byId.values()].find((x) => x.ack?.tokenHash === tokenHash);
    return m ? structuredClone(m) : null;
  }
  async findGrant(tokenHash: string) {
    const m = [...this.byId.values()].find((x) => x.unsubscribe?.tokenHash === tokenHash);
    return m?.unsubscribe ? { recipientId: m.recipientId, municipalityId: m.municipalityId, category: m.category, channel: m.channel, expiresAt: m.unsubscribe.expiresAt } : null;
  }
  async eraseRecipientTexts(municipalityId: string, recipientId: string) {
    for (const m of this.byId.values()) if (m.municipalityId === municipalityId && m.recipientId === recipientId) Object.assign(m, { payload: null, lastError: null, history: m.history.map((h) => ({ ...h, detail: null })) });
  }
}

export class InMemoryAwaiting implements AwaitingStore {
  readonly byId = new Map<string, AwaitingRecipient>();
  async add(record: AwaitingRecipient) {
    if (!this.byId.has(record.id)) this.byId.set(record.id, structuredClone(record));
  }
  async forRecipient(municipalityId: string, recipientId: string) {
    return [...this.byId.values()]
      .filter((r) => r.municipalityId === municipalityId && r.recipientId === recipientId)
      .sort((a, b) => a.since.getTime() - b.since.getTime())
      .map((r) => structuredClone(r));
  }
  async remove(municipalityId: string, ids: string[]) {
    for (const id of ids) if (this.byId.get(id)?.municipalityId === municipalityId) this.byId.delete(id);
  }
  async eraseRecipient(municipalityId: string, recipientId: string) {
    const ids = (await this.forRecipient(municipalityId, recipientId)).map((r) => r.id);
    for (const id of ids) this.byId.delete(id);
    return ids.length;
  }
  async purgeOlderThan(municipalityId: string, cutoff: Date) {
    const ids = [...this.byId.values()].filter((r) => r.municipalityId === municipalityId && r.since < cutoff).map((r) => r.id);
    for (const id of ids) this.byId.delete(id);
    return ids.length;
  }
}

export class RecordingQueue implements MessageQueue {
  readonly jobs = new Map<string, { channel: Channel; notBefore: Date }>();
  async enqueue(channel: Channel, jobs: Array<{ messageId: string; notBefore: Date }>) {
    for (const j of jobs) if (!this.jobs.has(j.messageId)) this.jobs.set(j.messageId, { channel, notBefore: j.notBefore });
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  failWith: Error | undefined;
  async send(mail: OutgoingEmail) {
    if (this.failWith) throw this.failWith;
    this.sent.push(mail);
    return { providerMessageId: `<${mail.messageId}@test>` };
  }
}

export class RecordingSms implements SmsProvider {
  readonly sent: OutgoingSms[] = [];
  failWith: Error | undefined;
  async send(sms: OutgoingSms) {
    if (this.failWith) throw this.failWith;
    this.sent.push(sms);
    return { providerMessageId: `s${this.sent.length}` };
  }
}

export class FakeLinks implements LinkIssuer {
  readonly requests: LinkRequest[] = [];
  failWith: Error | undefined;
  async issue(request: LinkRequest) {
    if (this.failWith) throw this.failWith;
    this.requests.push(request);
    const id =
      request.kind === 'confirmation' ? request.registrationId
      : request.kind === 'activity-check' ? request.checkId
      : request.kind === 'walker-confirmation' || request.kind === 'walker-walks' ? request.volunteerId
      : request.kind === 'email-change' ? request.changeId
      : request.kind === 'round-participant' ? request.participantId
      : request.kind === 'finding-owner' ? request.findingId
      : request.personId;
    return { url: `http://127.0.0.1:3000/x/${request.kind}/${id}/token${this.requests.length}`, expiresAt: '2030-01-01T00:00:00.000Z' };
  }
}

/** The daily SMS counters in memory, with the store's semantics (a message counts once; nothing past the limit). */
export class InMemorySmsCounters implements SmsCounters {
  readonly counters = new Map<string, { messageIds: string[]; alerted: boolean }>();
  async count(counter: SmsCounter, limit: number, messageId: string) {
    const c = this.counters.get(counter.id) ?? { messageIds: [], alerted: false };
    this.counters.set(counter.id, c);
    if (c.messageIds.includes(messageId)) return true;
    if (c.messageIds.length >= limit) return false;
    c.messageIds.push(messageId);
    return true;
  }
  async claimAlert(counter: SmsCounter) {
    const c = this.counters.get(counter.id);
    if (!c || c.alerted) return false;
    c.alerted = true;
    return true;
  }
}

export class InMemoryBroadcasts implements BroadcastStore {
  readonly byId = new Map<string, Broadcast>();
  async create(b: Broadcast) {
    this.byId.set(b.id, structuredClone(b));
  }
  async get(municipalityId: string, id: string) {
    const b = this.byId.get(id);
    return b && b.municipalityId === municipalityId ? structuredClone(b) : null;
  }
  async setCounts(municipalityId: string, id: string, recipients: number, messages: number) {
    const b = this.byId.get(id);
    if (b?.municipalityId === municipalityId) Object.assign(b, { recipients, messages });
  }
  async finish(municipalityId: string, id: string, recipients: number, messages: number) {
    const b = this.byId.get(id);
    if (b?.municipalityId === municipalityId) Object.assign(b, { recipients, messages, status: 'fanned-out' });
  }
  async unfinished(limit: number) {
    return [...this.byId.values()].filter((b) => b.status === 'fanning-out').slice(0, limit).map((b) => structuredClone(b));
  }
}

export const shippedCatalogue = () => {
  const dir = resolve(__dirname, '../../../municipalities');
  return loadNotificationCatalogue({ municipalitiesDir: dir, municipalities: loadMunicipalities(dir) });
};

/** The whole application layer wired with fakes, at a fixed time (a weekday noon in Stockholm unless given). */
export function wire(now = new Date('2026-06-10T10:00:00Z')) {
  const clock = () => now;
  const catalogue = shippedCatalogue();
  const recipients = new InMemoryRecipients();
  const messages = new InMemoryMessages();
  const queue = new RecordingQueue();
  const mailer = new RecordingMailer();
  const sms = new RecordingSms();
  const links = new FakeLinks();
  const broadcasts = new InMemoryBroadcasts();
  const logger = createLogger('test', 'silent');
  const unsubscribe = new UnsubscribeLinks(messages, { notifications: 'http://127.0.0.1:3004', web: 'http://127.0.0.1:3000' }, 30, clock);
  const oneClick = new Unsubscribe(unsubscribe, recipients, clock);
  const smsCounters = new InMemorySmsCounters();
  const smsCaps = new CheckSmsCaps(smsCounters, mailer, catalogue, { perNumberPerDay: 10, perMunicipalityPerDay: 500 }, logger);
  const send = new SendMessage({ catalogue, messages, recipients, broadcasts, mailer, sms, links, unsubscribe, queue, logger, smsCaps, clock });
  const awaiting = new InMemoryAwaiting();
  const notify = new NotifyOnEvent(catalogue, recipients, messages, queue, awaiting, logger, clock);
  const awaitingRecipients = new AwaitingRecipients(awaiting, notify, logger);
  const acknowledgements = new InMemoryAcknowledgements();
  const facts = new RecordRecipientFacts(recipients, messages, awaitingRecipients, acknowledgements);
  const purgeAwaiting = new PurgeAwaiting(awaiting, () => catalogue.ids(), 7, logger, clock);
  return { catalogue, recipients, messages, queue, mailer, sms, links, broadcasts, unsubscribe, oneClick, send, notify, facts, awaiting, purgeAwaiting, smsCounters, acknowledgements, clock };
}

export class InMemoryAcknowledgements implements AcknowledgementStore {
  readonly byId = new Map<string, Acknowledgement>();
  async record(ack: Acknowledgement) {
    const id = `${ack.broadcastId}:${ack.recipientId}`;
    if (this.byId.has(id)) return false;
    this.byId.set(id, structuredClone(ack));
    return true;
  }
  async counts(municipalityId: string, broadcastId: string) {
    const acks = [...this.byId.values()].filter((a) => a.municipalityId === municipalityId && a.broadcastId === broadcastId);
    const groups = new Map<string, number>();
    for (const a of acks) for (const g of a.groupIds) groups.set(g, (groups.get(g) ?? 0) + 1);
    return { total: acks.length, groups: [...groups].map(([groupId, count]) => ({ groupId, count })).sort((a, b) => a.groupId.localeCompare(b.groupId)) };
  }
  async eraseRecipient(municipalityId: string, recipientId: string) {
    for (const [id, a] of this.byId) if (a.municipalityId === municipalityId && a.recipientId === recipientId) this.byId.delete(id);
  }
}
