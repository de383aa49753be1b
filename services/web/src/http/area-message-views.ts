import type { AreaMessagePreview } from '../application/area-messages-api';
import type { Translate } from '../i18n';

/**
 * notifications' preview of an area message as the preview page (staff-area-message-preview.njk) shows it: per
 * language, the email and the SMS of the channels chosen, with the SMS's length and parts. Shared by the
 * coordinator's and the officer's pages.
 */
export function shownPreviews(preview: AreaMessagePreview, t: Translate) {
  return preview.previews.map((p) => ({
    language: t('areaMessage.language', { language: p.language === 'sv' ? 'svenska' : 'English' }),
    lang: p.language,
    email: preview.channels.includes('email') ? p.email : null,
    sms: preview.channels.includes('sms') && p.sms ? { ...p.sms, summary: t('areaMessage.smsSegments', { units: p.sms.units, segments: p.sms.segments, encoding: p.sms.encoding }), ucs2: p.sms.encoding === 'UCS-2' } : null,
  }));
}
