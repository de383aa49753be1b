/**
 * SMS segment counting. GSM 03.38 (GSM-7) carries 160 characters in one segment and 153 per segment when
 * concatenated; anything outside it forces UCS-2: 70 and 67 (counted in UTF-16 code units, so an emoji is 2).
 * å ä ö Å Ä Ö é are in GSM-7: Swedish text stays cheap — as long as typographic quotes and dashes, which word
 * processors put everywhere, are replaced first (normaliseSmsText).
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';
const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** GSM-7 septets (extension characters count 2) or UTF-16 code units. */
  units: number;
  segments: number;
}

const replacements: Array<[RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00A0\u2007\u202F\u2009\u200A]/g, ' '],
];

/** Typographic quotes, dashes, ellipsis and non-breaking spaces → their plain GSM-7 forms. */
export function normaliseSmsText(text: string): string {
  return replacements.reduce((t, [pattern, plain]) => t.replace(pattern, plain), text.normalize('NFC'));
}

export function countSegments(text: string): SegmentCount {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extension.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', units: septets, segments: septets === 0 ? 1 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length; // UTF-16 code units: an emoji outside the BMP takes two
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
