/**
 * Daily caps on SMS (issue 13, SMS pumping): at most `perNumberPerDay` SMS to one mobile number and
 * `perMunicipalityPerDay` SMS from one municipality per local day. Counted at sending time, before the provider
 * gets the message; an SMS over a cap is not sent but recorded as skipped with the reason.
 */
export interface SmsCapLimits {
  perNumberPerDay: number;
  perMunicipalityPerDay: number;
}

export type SmsCapKind = 'number' | 'municipality';

/** The local calendar day (YYYY-MM-DD) of an instant in a time zone: the caps start again at local midnight. */
export function localDay(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The ids of the two counters of one SMS: per number (as its hash: no number is stored) and per municipality. */
export function smsCounterIds(day: string, numberHash: string, municipalityId: string): Record<SmsCapKind, string> {
  return { number: `number:${day}:${numberHash}`, municipality: `municipality:${day}:${municipalityId}` };
}

/** Why an SMS was not sent, for the delivery log. */
export function capReason(kind: SmsCapKind, limit: number): string {
  return kind === 'number' ? `SMS cap reached: ${limit} per number per day` : `SMS cap reached: ${limit} per municipality per day`;
}

/** The alert to the municipality's admin address, in Swedish with English below. */
export function capAlert(kind: SmsCapKind, limit: number, municipalityName: string, day: string): { subject: string; text: string } {
  const sv =
    kind === 'number'
      ? `Ett mobilnummer har fått ${limit} sms i dag (${day}), taket per nummer och dag. Fler sms till numret skickas inte i dag; de står som överhoppade i utskicksloggen. Många sms till ett nummer kan vara försök till sms-pumpning.`
      : `${municipalityName} har skickat ${limit} sms i dag (${day}), taket per kommun och dag. Inga fler sms skickas i dag; de står som överhoppade i utskicksloggen. Höj taket (SMS_CAP_PER_MUNICIPALITY_PER_DAY) om utskicken är avsedda.`;
  const en =
    kind === 'number'
      ? `A mobile number has been sent ${limit} SMS today (${day}), the cap per number per day. No more SMS go to it today; they are skipped in the delivery log. Many SMS to one number may be SMS pumping.`
      : `${municipalityName} has sent ${limit} SMS today (${day}), the cap per municipality per day. No more SMS go out today; they are skipped in the delivery log. Raise SMS_CAP_PER_MUNICIPALITY_PER_DAY if the sending is intended.`;
  return { subject: `Sms-tak nått / SMS cap reached: ${municipalityName}, ${day}`, text: `${sv}\n\n${en}\n` };
}
