import { escapeHtml } from './html';

export type Language = 'sv' | 'en';
export const LANGUAGES: readonly Language[] = ['sv', 'en'];

/** One template in one language: what the email and the SMS say. Either part may be absent. */
export interface TemplateText {
  email?: { subject: string; text: string; html?: string };
  sms?: { text: string };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Nested variables (payload, recipient, municipality, link, unsubscribe…) flattened to dotted paths. */
export type Variables = Record<string, string>;

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_-]+)*)\s*\}\}/g;

/** Every `{{path}}` used in a text. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** The placeholders of every part of a template. */
export function templatePlaceholders(t: TemplateText): string[] {
  const parts = [t.email?.subject, t.email?.text, t.email?.html, t.sms?.text].filter((p): p is string => p !== undefined);
  return [...new Set(parts.flatMap(placeholdersOf))];
}

export class MissingVariable extends Error {}

function substitute(text: string, vars: Variables, encode: (v: string) => string): string {
  return text.replace(PLACEHOLDER, (_whole, path: string) => {
    const value = vars[path];
    if (value === undefined) throw new MissingVariable(`variable ${path} has no value`);
    return encode(value);
  });
}

/** Flattens `{ payload: { name: 'x' } }` to `{ 'payload.name': 'x' }`; null and undefined become ''. */
export function flattenVariables(input: Record<string, unknown>, prefix = '', out: Variables = {}): Variables {
  for (const [key, value] of Object.entries(input)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) {
      flattenVariables(value as Record<string, unknown>, path, out);
    } else if (value instanceof Date) {
      out[path] = value.toISOString();
    } else {
      out[path] = value === null || value === undefined ? '' : String(value);
    }
  }
  return out;
}

export function renderText(text: string, vars: Variables): string {
  return substitute(text, vars, (v) => v);
}

/** HTML: every value is escaped, whatever a person typed. Line breaks in values become <br>. */
export function renderHtmlFragment(html: string, vars: Variables): string {
  return substitute(html, vars, (v) => escapeHtml(v));
}

/** Paragraphs of plain text as HTML (escaped, links clickable) — the HTML part when a template gives none. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** Renders the email part: subject and text as text, the HTML fragment escaped and wrapped in the layout. */
export function renderEmail(t: TemplateText, language: Language, vars: Variables, footer?: { text: string; html: string }): RenderedEmail {
  if (!t.email) throw new Error('template has no email part');
  const subject = renderText(t.email.subject, vars).replace(/\s+/g, ' ').trim();
  const text = renderText(t.email.text, vars).trim() + '\n' + (footer ? `\n${footer.text}\n` : '');
  const body = t.email.html !== undefined ? renderHtmlFragment(t.email.html, vars) : textToHtml(renderText(t.email.text, vars));
  const html = [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5">',
    body,
    footer ? `<hr><p style="font-size: 14px">${footer.html}</p>` : '',
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

export function renderSms(t: TemplateText, vars: Variables): string {
  if (!t.sms) throw new Error('template has no sms part');
  return renderText(t.sms.text, vars).trim();
}

const footers: Record<Language, (url: string) => { text: string; html: string }> = {
  sv: (url) => ({
    text: `Vill du inte få fler sådana meddelanden, eller välja sms eller e-post? Avsluta eller ändra här: ${url}`,
    html: `Vill du inte få fler sådana meddelanden, eller välja sms eller e-post? <a href="${escapeHtml(url)}">Avsluta eller ändra här</a>.`,
  }),
  en: (url) => ({
    text: `Don't want messages like this any more, or want to choose text message or email? Unsubscribe or change here: ${url}`,
    html: `Don't want messages like this any more, or want to choose text message or email? <a href="${escapeHtml(url)}">Unsubscribe or change here</a>.`,
  }),
};

/** The footer every non-transactional email gets, with its unsubscribe link. */
export function unsubscribeFooter(language: Language, url: string): { text: string; html: string } {
  return footers[language](url);
}

/** Every non-transactional SMS ends with its unsubscribe link too. */
export function smsUnsubscribeLine(language: Language, url: string): string {
  return language === 'sv' ? `Avsluta: ${url}` : `Unsubscribe: ${url}`;
}
