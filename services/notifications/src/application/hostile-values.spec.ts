import { shippedCatalogue } from '../../test/fakes';
import { normaliseSmsText } from '../domain/sms-segments';
import { escapeHtml } from '../domain/html';
import { flattenVariables, LANGUAGES, LINK_VARIABLES, placeholdersOf, renderEmail, renderSms, smsUnsubscribeLine, templatePlaceholders, unsubscribeFooter, type Variables } from '../domain/template';

// Phishing through our own mails (issue 13): every shipped template of every municipality, in every language, with
// a hostile value in every variable a person (or an event) supplies. Only the links the template itself builds from
// trusted parameters may be clickable; the hostile markup must arrive escaped, as text.

/** A value an attacker could put in a name, a group name, a reason, a broadcast… */
const HOSTILE = [
  'Anna\n\nhttps://bankid-verify.com/login',
  '<a href="https://evil.example/a">Logga in med BankID</a>',
  '<a href=javascript:alert(1)>x</a> javascript:alert(1)',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '\u202Emoc.evil\u202C \u2066x\u2069 \u200B',
  '{{link.url}} {{unsubscribe.url}}',
  'www.evil.example anna@evil.example http://evil.example/x',
  '\r\nBcc: victim@example.se',
].join(' ');

const TRUSTED: Record<string, string> = {
  'link.url': 'https://web.example/ale/mina-uppgifter/TRUSTED-LINK-TOKEN',
  'unsubscribe.url': 'https://web.example/ale/utskick/TRUSTED-UNSUBSCRIBE-TOKEN',
};
const trustedLinks = LINK_VARIABLES.map((v) => TRUSTED[v]!);

/** Trusted: the link variables and the municipality's own data (municipality.yaml); everything else is hostile. */
function variablesFor(paths: string[], municipality: { id: string; name: string; contactEmail: string }): Variables {
  const vars: Variables = flattenVariables({ municipality });
  for (const path of paths) if (!path.startsWith('municipality.')) vars[path] = TRUSTED[path] ?? HOSTILE;
  return vars;
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every element that could be a link or run code, with its target. */
function linksIn(html: string): Array<{ tag: string; href: string | null }> {
  return [...html.matchAll(/<(a|area|link|img|script|iframe|form|base|object|embed)\b([^>]*)>/gi)].map((m) => {
    const href = /\b(?:href|src|action)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[2] ?? '');
    return { tag: m[1]!.toLowerCase(), href: href ? unescape(href[2] ?? href[3] ?? href[4] ?? '') : null };
  });
}

/** A link the template built: a trusted link value, possibly with the query the template writes after it. */
const isTrustedLink = (href: string) => trustedLinks.some((t) => href === t || (href.startsWith(t) && /^[?#][\w=&-]*$/.test(href.slice(t.length))));

describe('every template rendered with hostile values', () => {
  const catalogue = shippedCatalogue();
  const cases = catalogue.ids().flatMap((m) => catalogue.templateNames(m).flatMap((name) => LANGUAGES.map((language) => [m, name, language] as const)));

  it('covers every template of every municipality in both languages', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)('%s %s (%s): only the template’s own links are clickable, hostile markup is text', (m, name, language) => {
    const municipality = catalogue.municipality(m);
    const { text, language: used } = catalogue.template(m, name, language);
    const vars = variablesFor(templatePlaceholders(text), municipality);
    const hostileUsed = templatePlaceholders(text).some((p) => vars[p] === HOSTILE);

    if (text.email) {
      const email = renderEmail(text, used, vars, unsubscribeFooter(used, TRUSTED['unsubscribe.url']!));
      const links = linksIn(email.html);
      // Anchors only, each with a target the template built; nothing else that loads or links.
      expect(links.filter((l) => l.tag !== 'a')).toEqual([]);
      for (const link of links) expect({ href: link.href, trusted: link.href !== null && isTrustedLink(link.href) }).toEqual({ href: link.href, trusted: true });
      expect(links.length).toBeGreaterThanOrEqual(1); // the footer's
      // Placed from a trusted variable in the text, the link is an anchor (and nothing else is).
      const textLinks = placeholdersOf(text.email.html ?? text.email.text).filter((p) => LINK_VARIABLES.includes(p)).length;
      expect(links.length).toBe(textLinks + 1);
      // Markup of a value is text (escaped); no bidi or invisible characters survive.
      expect(email.html).not.toMatch(/<script|<img|<a href=javascript|evil\.example\/a"|\u202E|\u2066|\u200B/i);
      // A name (one line) cannot open a paragraph of its own; a text of several lines (a reason, a broadcast) may, as text.
      const multiLine = templatePlaceholders(text).some((p) => vars[p] === HOSTILE && !/(?:^|\.)(?:name|[a-zA-Z]+Name)$/.test(p));
      if (!multiLine) expect(email.html).not.toMatch(/<p>\s*https:\/\/bankid/);
      if (hostileUsed && /\{\{\s*(?!municipality\.)/.test(text.email.html ?? text.email.text)) {
        expect(email.html).toContain(escapeHtml('<a href="https://evil.example/a">Logga in med BankID</a>'));
        expect(email.html).toContain('{{link.url}} {{unsubscribe.url}}'); // a value is never read as a template
      }
      for (const part of [email.subject, email.text]) expect(part).not.toMatch(/[\u202E\u2066\u200B\r]/);
      expect(email.subject).not.toContain('\n');
    }
    if (text.sms) {
      const sms = normaliseSmsText(`${renderSms(text, vars)}\n${smsUnsubscribeLine(used, TRUSTED['unsubscribe.url']!)}`);
      expect(sms).not.toMatch(/[\u202E\u2066\u200B\r]/);
    }
  });
});
