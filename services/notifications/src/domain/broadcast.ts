import type { ContactPersonRole } from './contact-persons';
import type { MessageStatus } from './message';
import { countSegments } from './sms-segments';
import type { Language } from './template';

export type BroadcastAudience = 'members' | 'contact-persons';
export type BroadcastDelivery = 'direct' | 'relay';

/** Whom the fan-out streams: a relay reaches the members and, besides, the groups' contact persons. */
export type RecipientAudience = BroadcastAudience | 'members-and-contact-persons';

export function fanOutAudience(audience: BroadcastAudience, delivery: BroadcastDelivery): RecipientAudience {
  return delivery === 'relay' ? 'members-and-contact-persons' : audience;
}

/**
 * In a relay, the group whose relay page the recipient's message links to: the first chosen group (or a group of a
 * chosen area) the recipient is an active contact person of; null for everyone else (they get the message only).
 */
export function relayGroupOf(recipient: { contactPersonRoles?: readonly ContactPersonRole[] }, filter: { groupIds?: string[]; areaIds?: string[] }): string | null {
  for (const role of recipient.contactPersonRoles ?? []) {
    if (role.state !== 'active' || !role.groupId) continue;
    if (filter.groupIds?.includes(role.groupId)) return role.groupId;
    if (role.areaId && filter.areaIds?.includes(role.areaId)) return role.groupId;
  }
  return null;
}

export type Reach = 'reached' | 'pending' | 'not-reached';

/**
 * Did the message reach the person? `reached` once one of their messages was sent or delivered on some channel;
 * `pending` while one still waits (quiet hours, the queue); otherwise `not-reached` (skipped: no address or opted
 * out; failed; bounced; or no message at all). `uncertain` (a send that may have left) is not counted as reached.
 */
export function reachOf(statuses: readonly MessageStatus[]): Reach {
  if (statuses.some((s) => s === 'sent' || s === 'delivered')) return 'reached';
  if (statuses.some((s) => s === 'queued' || s === 'sending')) return 'pending';
  return 'not-reached';
}

/** The groups an acknowledgement counts for: the recipient's groups that the broadcast named (all of theirs for an area message). */
export function acknowledgementGroups(recipient: { groupIds: readonly string[]; contactPersonGroupIds?: readonly string[] }, filter: { groupIds?: string[]; areaIds?: string[] }): string[] {
  const theirs = [...new Set([...recipient.groupIds, ...(recipient.contactPersonGroupIds ?? [])])];
  if (filter.areaIds?.length) return theirs;
  return theirs.filter((g) => filter.groupIds?.includes(g));
}

/** The lines an area message carries besides its text: "Jag har läst" and, for a contact person of a relay, the relay page. */
export function broadcastLinks(language: Language, links: { ackUrl: string | null; relayUrl: string | null }): { text: string[]; html: string[]; sms: string[] } {
  const text: string[] = [];
  const html: string[] = [];
  const sms: string[] = [];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  if (links.relayUrl) {
    const [lead, label] =
      language === 'sv'
        ? ['Du är kontaktombud: se vilka av gruppens hushåll som nåtts och skriv ut meddelandet till dem som inte nåtts', 'Hushåll och utskrift']
        : ["You are a contact person: see which of the group's households were reached and print the message for those who were not", 'Households and print version'];
    text.push(`${lead}: ${links.relayUrl}`);
    html.push(`${esc(lead)}: <a href="${esc(links.relayUrl)}">${esc(label)}</a>`);
    sms.push(`${language === 'sv' ? 'Hushåll/utskrift' : 'Households/print'}: ${links.relayUrl}`);
  }
  if (links.ackUrl) {
    const [lead, label] = language === 'sv' ? ['Bekräfta med ett klick att du har läst meddelandet', 'Jag har läst'] : ['Confirm with one click that you have read the message', 'I have read it'];
    text.push(`${lead}: ${links.ackUrl}`);
    html.push(`${esc(lead)}: <a href="${esc(links.ackUrl)}">${esc(label)}</a>`);
    sms.push(`${language === 'sv' ? 'Kvittera' : 'Acknowledge'}: ${links.ackUrl}`);
  }
  return { text, html, sms };
}

/** An email's footer: the area message's links, then the unsubscribe lines. */
export function broadcastFooter(extras: { text: string[]; html: string[] }, unsubscribe: { text: string; html: string } | undefined): { text: string; html: string } {
  return { text: [...extras.text, ...(unsubscribe ? [unsubscribe.text] : [])].join('\n\n'), html: [...extras.html, ...(unsubscribe ? [unsubscribe.html] : [])].join('<br><br>') };
}

/**
 * An area message's SMS with its links: the relay page always (a contact person needs it); "Kvittera" only where it
 * fits — when it costs no extra SMS part (the SMS with its `tail`, the unsubscribe line, has as many segments with it
 * as without: 20,000 recipients would otherwise pay one more part each). Returns the SMS with the tail.
 */
export function smsWithLinks(sms: string, lines: string[], tail = ''): string {
  let out = sms;
  for (const line of lines) {
    const withLine = `${out}\n${line}`;
    const essential = !line.startsWith('Kvittera') && !line.startsWith('Acknowledge');
    if (essential || countSegments(withLine + tail).segments <= countSegments(out + tail).segments) out = withLine;
  }
  return out + tail;
}
