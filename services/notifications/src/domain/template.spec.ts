import { htmlLinkProblems, placeholdersOf, renderEmail, renderSms, flattenVariables, MissingVariable, textToHtml } from './template';

describe('templates', () => {
  const template = {
    email: { subject: 'Hej {{payload.name}}', text: 'Hej {{payload.name}}!\n\nLänk: {{link.url}}' },
    sms: { text: 'Hej {{ payload.name }}' },
  };

  it('finds the variables a text uses', () => {
    expect(placeholdersOf('a {{payload.name}} b {{ link.url }}')).toEqual(['payload.name', 'link.url']);
  });

  it('escapes every value in the HTML part but keeps the text part as typed', () => {
    const vars = flattenVariables({ payload: { name: '<script>alert(1)</script> & Åsa' }, link: { url: 'https://x.example/a?b=1&c=2' } });
    const email = renderEmail(template, 'sv', vars);
    expect(email.text).toContain('Hej <script>alert(1)</script> & Åsa!');
    expect(email.html).toContain('Hej &lt;script&gt;alert(1)&lt;/script&gt; &amp; Åsa!');
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('<a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a>');
    expect(email.html).toContain('<html lang="sv">');
  });

  it('escapes values in an explicit HTML template too', () => {
    const vars = flattenVariables({ payload: { name: '"><img src=x>' } });
    const email = renderEmail({ email: { subject: 's', text: 't', html: '<p title="{{payload.name}}">{{payload.name}}</p>' } }, 'en', vars);
    expect(email.html).toContain('<p title="&quot;&gt;&lt;img src=x&gt;">');
  });

  it('renders null payload fields as empty and refuses a variable without a value', () => {
    expect(renderSms(template, flattenVariables({ payload: { name: null } }))).toBe('Hej');
    expect(() => renderSms(template, {})).toThrow(MissingVariable);
  });
});

describe('links in the HTML made from the text part', () => {
  const vars = flattenVariables({
    recipient: { name: 'Anna https://bankid-verify.com/login' },
    payload: { reason: 'Se www.evil.example och http://evil.example/x' },
    link: { url: 'https://web.example/ale/mina-uppgifter/TOKEN' },
    unsubscribe: { url: 'https://web.example/ale/utskick/T2' },
  });

  it('never makes a URL in a value clickable: only the link variables become anchors', () => {
    const html = textToHtml('Hej {{recipient.name}}!\n\nPolisen skriver: {{payload.reason}}\n\nÖppna {{link.url}}.\nAvsluta: {{unsubscribe.url}}', vars);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(['https://web.example/ale/mina-uppgifter/TOKEN', 'https://web.example/ale/utskick/T2']);
    expect(html).toContain('Hej Anna https://bankid-verify.com/login!');
    expect(html).toContain('<a href="https://web.example/ale/mina-uppgifter/TOKEN">https://web.example/ale/mina-uppgifter/TOKEN</a>.<br>');
  });

  it('keeps URL characters the template writes after a link variable in the link, but not a full stop', () => {
    const html = textToHtml('Ja: {{link.url}}?svar=active\nNej: {{link.url}}?svar=not-active.', vars);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual([
      'https://web.example/ale/mina-uppgifter/TOKEN?svar=active',
      'https://web.example/ale/mina-uppgifter/TOKEN?svar=not-active',
    ]);
    expect(html.endsWith('</a>.</p>')).toBe(true);
  });

  it('shows a link variable that is not an http(s) URL as text', () => {
    expect(textToHtml('{{link.url}}', { 'link.url': 'javascript:alert(1)' })).toBe('<p>javascript:alert(1)</p>');
  });

  it('strips control and bidi characters from values and keeps a name on one line', () => {
    const html = textToHtml('Hej {{recipient.name}}!\n\n{{payload.body}}', { 'recipient.name': 'Anna\n\nhttps://x\u202E.se', 'payload.body': 'a\u0000b\n\nc' });
    expect(html).toBe('<p>Hej Anna https://x.se!</p>\n<p>ab</p>\n<p>c</p>');
  });
});

describe('links in an HTML template', () => {
  it('must begin with a link variable or be a fixed https: or mailto: address', () => {
    expect(htmlLinkProblems('<a href="{{link.url}}?svar=active">x</a><a href="{{ unsubscribe.url }}">y</a><a href="https://ale.se">z</a><a href="mailto:a@ale.se">m</a>')).toEqual([]);
    expect(htmlLinkProblems('<a href="{{payload.name}}">x</a>')).toHaveLength(1);
    expect(htmlLinkProblems("<a href='{{link.url}}{{payload.name}}'>x</a>")).toHaveLength(1);
    expect(htmlLinkProblems('<a href=javascript:alert(1)>x</a>')).toHaveLength(1);
    expect(htmlLinkProblems('<img src="{{payload.name}}">')).toHaveLength(1);
    expect(htmlLinkProblems('<a href="http://{{municipality.name}}">x</a>')).toHaveLength(1);
  });
});
