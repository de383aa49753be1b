import { contractFor } from '@trygg/contracts';
import { BUILT_IN_TEMPLATES, type NotificationCatalogue } from '../domain/catalogue';
import { countSegments, normaliseSmsText } from '../domain/sms-segments';
import { flattenVariables, type Language, placeholdersOf, renderEmail, renderSms, smsUnsubscribeLine, templatePlaceholders, unsubscribeFooter } from '../domain/template';
import { preferencesPageUrl } from './unsubscribe-links';
import { broadcastFooter, broadcastLinks, smsWithLinks } from '../domain/broadcast';

const samples: Record<string, string> = {
  name: 'Anna Andersson',
  groupName: 'Solgläntan',
  reason: 'Exempel på motivering.',
  stepType: 'police-approval',
  outcome: 'approved',
  when: 'onsdag 10 juni 2030 kl. 18:00–19:30',
  place: 'Folkets hus, Storgatan 1',
};

/** As long as a real link token (32 random bytes, base64url), so the SMS segments of the preview are the real ones. */
const SAMPLE_TOKEN = 'EXEMPEL'.padEnd(43, '0');

/**
 * Renders any template of a municipality with sample data: what the recipient would see, and SMS segments. The
 * sample links have the real shape and length (the configured web address, a full-length token): a link is often
 * what pushes an SMS into a second segment.
 */
export class PreviewTemplate {
  private readonly webUrl: string;

  constructor(
    private readonly catalogue: NotificationCatalogue,
    webUrl = 'https://example.invalid',
  ) {
    this.webUrl = webUrl.replace(/\/$/, '');
  }

  /**
   * `broadcast`: an area message's real title and text instead of the sample (the sender's preview before sending:
   * the same rendering, link lengths and SMS normalisation as the message each recipient gets).
   */
  execute(municipalityId: string, template: string, language: Language, broadcast?: { subject: string; body: string }) {
    const municipality = this.catalogue.municipality(municipalityId);
    const { text, language: used } = this.catalogue.template(municipalityId, template, language);
    const rule = municipality.rules.find((r) => r.template === template);
    const vars: Record<string, string> = flattenVariables({
      recipient: { name: 'Anna Andersson', language: used },
      municipality: { id: municipality.id, name: municipality.name, contactEmail: municipality.contactEmail },
      link: { url: `${this.webUrl}/${municipality.id}/mina-uppgifter/${SAMPLE_TOKEN}`, expiresAt: '2030-01-01T00:00:00Z' },
      unsubscribe: { url: preferencesPageUrl(this.webUrl, municipality.id, SAMPLE_TOKEN) },
      broadcast: broadcast ?? { subject: 'Inbrott i området', body: 'Polisen har fått in flera anmälningar om inbrott i området den här veckan. Håll utkik och ring 112 vid pågående brott.' },
    });
    // Sample values for every payload field the template uses.
    for (const path of templatePlaceholders(text)) {
      if (vars[path] !== undefined) continue;
      const leaf = path.split('.').pop()!;
      vars[path] = samples[leaf] ?? (/At$|Since$/.test(leaf) ? '2030-01-01T09:00:00+01:00' : /Id$/.test(leaf) ? '00000000-0000-4000-8000-000000000000' : `[${leaf}]`);
    }
    const event = rule ? contractFor(rule.event) : undefined;
    const withLink = (rule !== undefined && rule.category !== 'transactional') || template === BUILT_IN_TEMPLATES.areaMessage;
    const url = vars['unsubscribe.url']!;
    // An area message carries "Jag har läst" too (a member's message; a relay's contact person also gets their page's link).
    const extras = template === BUILT_IN_TEMPLATES.areaMessage ? broadcastLinks(used, { ackUrl: `${this.webUrl}/${municipality.id}/kvittera/${SAMPLE_TOKEN}`, relayUrl: null }) : null;
    const unsubscribeLines = withLink ? unsubscribeFooter(used, url) : undefined;
    const email = text.email ? renderEmail(text, used, vars, extras ? broadcastFooter(extras, unsubscribeLines) : unsubscribeLines) : null;
    const smsLink = withLink && !placeholdersOf(text.sms?.text ?? '').includes('unsubscribe.url') ? `\n${smsUnsubscribeLine(used, url)}` : '';
    const smsBody = text.sms ? renderSms(text, vars) : null;
    const smsText = smsBody === null ? null : normaliseSmsText(extras ? smsWithLinks(smsBody, extras.sms, smsLink) : smsBody + smsLink);
    return {
      municipalityId,
      template,
      language: used,
      usedBy: rule ? { rule: rule.id, event: event?.type ?? rule.event, channels: rule.channels, category: rule.category } : template === BUILT_IN_TEMPLATES.areaMessage ? { broadcasts: true } : null,
      email,
      sms: smsText === null ? null : { text: smsText, ...countSegments(smsText) },
    };
  }
}
