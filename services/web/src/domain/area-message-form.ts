import { asFormBody, checked, type FieldError, text } from './form-input';

/** notifications' limits (libs/http-contracts broadcastCommand). */
export const AREA_MESSAGE_TITLE_MAX = 150;
export const AREA_MESSAGE_TEXT_MAX = 2000;

export interface AreaMessageForm {
  title: string;
  text: string;
  urgent: boolean;
  email: boolean;
  sms: boolean;
  areaIds: string[];
  /** Absent from a form posted before issue 14 (a preview's hidden fields): members, direct. */
  audience: 'members' | 'contact-persons';
  delivery: 'direct' | 'relay';
}

export type ValidatedAreaMessage = { ok: true; value: AreaMessageForm } | { ok: false; errors: FieldError[]; values: AreaMessageForm };

/** The checked boxes of a field posted once (a string) or several times (an array); anything else is none. */
function checkedValues(value: unknown): string[] {
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return [...new Set(values.map((v) => v.trim()).filter((v) => /^[a-z0-9-]{1,100}$/.test(v)))].slice(0, 1000);
}

/**
 * "Skicka områdesinformation": a title and a text (required, within notifications' limits), urgent or not, email
 * and/or SMS (at least one), and at least one area. Errors name the field, shown next to it.
 */
export function validateAreaMessageForm(input: unknown): ValidatedAreaMessage {
  const body = asFormBody(input);
  const values: AreaMessageForm = {
    title: text(body, 'title').replace(/\s+/g, ' ').slice(0, AREA_MESSAGE_TITLE_MAX * 2),
    text: text(body, 'text').replace(/\r\n/g, '\n').slice(0, AREA_MESSAGE_TEXT_MAX * 2),
    urgent: checked(body, 'urgent'),
    email: checked(body, 'email'),
    sms: checked(body, 'sms'),
    areaIds: checkedValues(body['areaIds']),
    audience: text(body, 'audience') === 'contact-persons' ? 'contact-persons' : 'members',
    delivery: text(body, 'delivery') === 'relay' ? 'relay' : 'direct',
  };
  const audience = text(body, 'audience');
  const delivery = text(body, 'delivery');
  const errors: FieldError[] = [];
  if (!values.title) errors.push({ field: 'title', key: 'errors.areaMessage.title.required' });
  else if (values.title.length > AREA_MESSAGE_TITLE_MAX) errors.push({ field: 'title', key: 'errors.areaMessage.title.tooLong' });
  if (!values.text) errors.push({ field: 'text', key: 'errors.areaMessage.text.required' });
  else if (values.text.length > AREA_MESSAGE_TEXT_MAX) errors.push({ field: 'text', key: 'errors.areaMessage.text.tooLong' });
  if (!values.email && !values.sms) errors.push({ field: 'channels', key: 'errors.areaMessage.channels.required' });
  if (values.areaIds.length === 0) errors.push({ field: 'areaIds', key: 'errors.areaMessage.areaIds.required' });
  if (audience && audience !== 'members' && audience !== 'contact-persons') errors.push({ field: 'audience', key: 'errors.areaMessage.audience.required' });
  if (delivery && delivery !== 'direct' && delivery !== 'relay') errors.push({ field: 'delivery', key: 'errors.areaMessage.delivery.required' });
  else if (values.delivery === 'relay' && values.audience === 'contact-persons') errors.push({ field: 'delivery', key: 'errors.areaMessage.delivery.relayToContactPersons' });
  return errors.length ? { ok: false, errors, values } : { ok: true, value: values };
}

/** The form as notifications' broadcast command. */
export function areaMessageCommand(form: AreaMessageForm) {
  return {
    subject: form.title,
    body: form.text,
    category: form.urgent ? ('urgent' as const) : ('information' as const),
    channels: [...(form.email ? (['email'] as const) : []), ...(form.sms ? (['sms'] as const) : [])],
    filter: { areaIds: form.areaIds },
    audience: form.audience,
    delivery: form.delivery,
  };
}
