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

/**
 * The only variables that ever become a link: URLs the service builds itself from trusted parameters (`link.url`
 * from enrolment's links API, `unsubscribe.url` from notifications' own configuration and token). Every other
 * value — a name, a group name, a reason, a broadcast text — is text, escaped in HTML and never made clickable.
 */
export const LINK_VARIABLES: readonly string[] = ['link.url', 'unsubscribe.url'];

/**
 * What a value may not carry into a message: control characters other than the line break and tab, line and paragraph
 * separators, and format characters (bidi overrides and isolates, zero-width space, BOM…; the joiners stay).
 * Names and other one-line values (`…name`, `…Name`) get their whitespace folded to single spaces, so a name
 * stored before the name rule cannot open a paragraph of its own.
 */
function cleanValue(path: string, value: string): string {
  const cleaned = value.replace(/\r\n?/g, '\n').replace(/[\p{Zl}\p{Zp}]|(?![\n\t])\p{Cc}|(?![\u200C\u200D])\p{Cf}/gu, '');
  return /(?:^|\.)(?:name|[a-zA-Z]+Name)$/.test(path) ? cleaned.replace(/\s+/g, ' ').trim() : cleaned;
}

function substitute(text: string, vars: Variables, encode: (v: string, path: string) => string): string {
  return text.replace(PLACEHOLDER, (_whole, path: string) => {
    const value = vars[path];
    if (value === undefined) throw new MissingVariable(`variable ${path} has no value`);
    return encode(cleanValue(path, value), path);
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

/** HTML: every value is escaped, whatever a person typed. */
export function renderHtmlFragment(html: string, vars: Variables): string {
  return substitute(html, vars, (v) => escapeHtml(v));
}

/** A trusted link value usable as an href: an absolute http(s) URL without whitespace, else null (shown as text). */
function linkTarget(value: string): string | null {
  return /^https?:\/\/[^\s<>"']+$/i.test(value) ? value : null;
}

/** The URL characters a template may write right after a link variable (`{{link.url}}?svar=active`); never a trailing stop. */
const LINK_SUFFIX = /^[?#/][\w\-.~%!$&'()*+,;=:@/?#]*/;

/**
 * The HTML part when a template gives none: its plain text as escaped paragraphs. Nothing is made clickable by
 * looking at the text: only the template's own link variables (`LINK_VARIABLES`), with any URL characters the
 * template writes right after them, become anchors; every other value is escaped text, even one that holds a URL.
 */
export function textToHtml(text: string, vars: Variables): string {
  let html = '';
  let at = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const path = match[1]!;
    html += escapeHtml(text.slice(at, match.index));
    at = match.index + match[0].length;
    const value = vars[path];
    if (value === undefined) throw new MissingVariable(`variable ${path} has no value`);
    const cleaned = cleanValue(path, value);
    const target = LINK_VARIABLES.includes(path) ? linkTarget(cleaned) : null;
    if (target === null) {
      html += escapeHtml(cleaned);
      continue;
    }
    const suffix = (LINK_SUFFIX.exec(text.slice(at))?.[0] ?? '').replace(/[.,;:!?)'*]+$/, '');
    at += suffix.length;
    const url = escapeHtml(target + suffix);
    html += `<a href="${url}">${url}</a>`;
  }
  html += escapeHtml(text.slice(at));
  return html
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${p.trim().replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/**
 * Where an HTML template may place a link: every `href` must begin with a link variable (`LINK_VARIABLES`) or be
 * a literal `https:` or `mailto:` address without variables. The catalogue refuses a template that breaks it.
 */
export function htmlLinkProblems(html: string): string[] {
  const problems: string[] = [];
  for (const m of html.matchAll(/\b(href|src|action|formaction|xlink:href)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const value = m[3] ?? m[4] ?? m[5] ?? '';
    const placeholders = placeholdersOf(value);
    const startsWithLink = LINK_VARIABLES.some((v) => new RegExp(`^\\{\\{\\s*${v.replace('.', '\\.')}\\s*\\}\\}`).test(value));
    const ok = m[1]!.toLowerCase() === 'href' && (startsWithLink ? placeholders.length === 1 : placeholders.length === 0 && /^(https:\/\/|mailto:)/i.test(value));
    if (!ok) problems.push(`${m[1]}="${value}": a link must begin with {{${LINK_VARIABLES.join('}} or {{')}}} (and hold no other variable) or be a fixed https: or mailto: address`);
  }
  return problems;
}

/** Renders the email part: subject and text as text, the HTML fragment escaped and wrapped in the layout. */
export function renderEmail(t: TemplateText, language: Language, vars: Variables, footer?: { text: string; html: string }): RenderedEmail {
  if (!t.email) throw new Error('template has no email part');
  const subject = renderText(t.email.subject, vars).replace(/\s+/g, ' ').trim();
  const text = renderText(t.email.text, vars).trim() + '\n' + (footer ? `\n${footer.text}\n` : '');
  const body = t.email.html !== undefined ? renderHtmlFragment(t.email.html, vars) : textToHtml(t.email.text, vars);
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
