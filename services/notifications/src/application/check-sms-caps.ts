import type { Logger } from 'pino';
import { sha256Hex } from '@trygg/values';
import type { NotificationCatalogue } from '../domain/catalogue';
import { escapeHtml } from '../domain/html';
import { capAlert, capReason, localDay, type SmsCapKind, type SmsCapLimits, smsCounterIds } from '../domain/sms-caps';
import type { Mailer, SmsCounter, SmsCounters } from './ports';

/**
 * The daily SMS caps at sending time (domain/sms-caps.ts): counts one SMS on its number's counter and then on its
 * municipality's, each an atomic single-document update, before the provider gets it. Over a cap: the reason to
 * record the message as skipped, and — once per cap per day, whichever process gets there first — an email to the
 * municipality's admin address (municipality.yaml `contact.adminEmail`, else `contact.email`) and an error log line.
 * An SMS refused by the municipality cap has still used one of its number's; counting errs on the side of sending less.
 */
export class CheckSmsCaps {
  constructor(
    private readonly counters: SmsCounters,
    private readonly mailer: Mailer,
    private readonly catalogue: NotificationCatalogue,
    private readonly limits: SmsCapLimits,
    private readonly logger: Logger,
  ) {}

  /** Null when the SMS may go (it is counted); otherwise why it must not. */
  async execute(message: { id: string; municipalityId: string }, to: string, at: Date): Promise<string | null> {
    const municipality = this.catalogue.municipality(message.municipalityId);
    const day = localDay(at, municipality.timezone);
    const ids = smsCounterIds(day, sha256Hex(to), message.municipalityId);
    // Kept until the day has ended everywhere, then forgotten (TTL).
    const expiresAt = new Date(Date.parse(`${day}T00:00:00Z`) + 2 * 24 * 3_600_000);
    for (const kind of ['number', 'municipality'] as const) {
      const limit = kind === 'number' ? this.limits.perNumberPerDay : this.limits.perMunicipalityPerDay;
      const counter: SmsCounter = { id: ids[kind], municipalityId: message.municipalityId, expiresAt };
      if (await this.counters.count(counter, limit, message.id)) continue;
      await this.alertOnce(kind, limit, counter, day, municipality);
      return capReason(kind, limit);
    }
    return null;
  }

  private async alertOnce(kind: SmsCapKind, limit: number, counter: SmsCounter, day: string, municipality: { id: string; name: string; adminEmail: string }): Promise<void> {
    if (!(await this.counters.claimAlert(counter))) return;
    this.logger.error({ municipalityId: municipality.id, cap: kind, limit, day }, `SMS cap reached (${kind}, ${limit} per day): further SMS skipped today; alerting ${municipality.id}'s admin address`);
    const { subject, text } = capAlert(kind, limit, municipality.name, day);
    try {
      await this.mailer.send({
        to: municipality.adminEmail,
        subject,
        text,
        html: text.split('\n\n').map((p) => `<p>${escapeHtml(p.trim())}</p>`).join('\n'),
        messageId: `sms-cap-${counter.id.replace(/[^A-Za-z0-9-]/g, '-')}`,
        unsubscribeUrl: null,
      });
    } catch (error) {
      this.logger.error({ municipalityId: municipality.id, cap: kind, err: (error as Error).message }, 'SMS cap alert email could not be sent');
    }
  }
}
